import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { ExportTasksQuery } from '../../../application/queries/export-tasks.js';
import type { CliContext } from '../cli-context.js';
import { printable } from '../cli-output.js';
import { toExportFile } from '../task-export-file.js';

export function registerExportCommand(program: Command, context: CliContext): void {
  program
    .command('export')
    .description("write all of a user's lists and tasks as JSON, the file `import` reads back")
    .requiredOption('--user <id>', 'the owner')
    .option('--out <file>', 'write to this file (readable by its owner only) instead of stdout')
    .action(async (options: { user: string; out?: string }) => {
      const exported = await context.withApplication(({ queries }) => queries.execute(new ExportTasksQuery(options.user)));
      const text = `${JSON.stringify(toExportFile(exported), null, 2)}\n`;
      if (options.out === undefined) return context.out.text(text);
      await writeAtomically(options.out, text);
      const count = exported.tasks.length;
      const lists = exported.lists.length;
      context.out.line(
        `Exported ${count} task${count === 1 ? '' : 's'} in ${lists} list${lists === 1 ? '' : 's'} of user '${printable(exported.user_id)}' to ${printable(options.out)}.`,
      );
    });
}

/** A failed export never leaves half a file where a good one may have been; the data is personal, so 0600. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const partial = `${file}.${randomBytes(6).toString('hex')}.partial`;
  try {
    await writeFile(partial, text, { mode: 0o600, flag: 'wx' });
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}
