/** Entry point of the admin CLI: `tasks-admin …`, `npm run admin -- …`, or `node dist/src/interfaces/cli/main.js …`. */
import dotenv from 'dotenv';
import { runTasksAdmin } from './tasks-admin.js';

dotenv.config({ quiet: true });
// A reader that stops early (`tasks-admin export | head`) is not a failure; every write comes after the
// work is done, so nothing is left half-way.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
process.exitCode = await runTasksAdmin(process.argv.slice(2), {
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
