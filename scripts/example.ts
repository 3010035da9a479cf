/**
 * `npm run example`: the Next.js example app on this service, working out of the box. Installs what is
 * missing, starts PostgreSQL (embedded under DATA_DIR unless DATABASE_URL is set), gives the app's Better Auth
 * its own database there (tasks_auth), starts the service trusting the app's Better Auth tokens
 * (BETTER_AUTH_URL), starts the app on port 3000, and says where to open it. Ctrl+C stops everything.
 *
 *   npm run example              Next.js in development mode (reloads on change)
 *   npm run example -- --prod    a production build (next build, then next start)
 *
 * EXAMPLE_PORT moves the app off 3000, PORT the API off 8000, AUTH_DATABASE_URL names Better Auth's database.
 */
import 'dotenv/config';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startService, type RunningService } from '../src/http-service.js';
import { ConfigError, loadConfig } from '../src/infrastructure/config/config.js';
import { createLogger } from '../src/infrastructure/logging/logger.js';
import { EmbeddedDatabase } from '../src/infrastructure/persistence/embedded-database.js';
import {
  buildClient,
  buildExample,
  ensureDatabase,
  ExampleApp,
  exampleAuthSecret,
  installExample,
  portInUse,
} from './example-app.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Better Auth's own database beside the service's; a user who may not create databases is told what to do. */
async function authDatabase(databaseUrl: string): Promise<string> {
  try {
    return await ensureDatabase(databaseUrl, 'tasks_auth');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`could not create the database tasks_auth for Better Auth (${reason}): create it, or set AUTH_DATABASE_URL`, {
      cause: error,
    });
  }
}

async function main(): Promise<number> {
  const production = process.argv.includes('--prod');
  const appPort = Number(process.env.EXAMPLE_PORT || 3000);
  const apiPort = Number(process.env.PORT || 8000);
  for (const [what, port, variable] of [['the app', appPort, 'EXAMPLE_PORT'], ['the API', apiPort, 'PORT']] as const) {
    if (!Number.isInteger(port) || port <= 0 || port > 65535) {
      say(`${variable} must be a port number (1-65535)`);
      return 2;
    }
    if (await portInUse(port)) {
      say(`Port ${port}, for ${what}, is in use. Stop what runs there, or set ${variable} to another port.`);
      return 2;
    }
  }
  const appUrl = `http://localhost:${appPort}`;
  // The service's request logs would drown Next.js's output: warnings and errors only, unless LOG_LEVEL says otherwise.
  const logger = createLogger((process.env.LOG_LEVEL as 'warn' | undefined) || 'warn');
  const dataDir = process.env.DATA_DIR || './.data';

  const authSecret = await exampleAuthSecret(dataDir);
  await buildClient(say);
  await installExample(say);
  if (production) await buildExample(say, authSecret);

  let embedded: EmbeddedDatabase | null = null;
  let service: RunningService | null = null;
  let app: ExampleApp | null = null;
  const stop = async () => {
    await app?.stop();
    await service?.stop();
    await embedded?.stop();
  };
  // Stopped by a signal (SIGTERM from the supervising process on Ctrl+C) in order, also during start-up.
  let signalled: (code: number) => void = () => undefined;
  const stopRequested = new Promise<number>((resolve) => (signalled = resolve));
  let starting = true;
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    say('Stopping…');
    if (!starting) return signalled(0);
    void stop().finally(() => process.exit(130)); // the exit hook stops a Next.js still starting
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      embedded = await EmbeddedDatabase.start(dataDir, logger);
      databaseUrl = embedded.url;
    }
    const authDatabaseUrl = process.env.AUTH_DATABASE_URL || (await authDatabase(databaseUrl));

    let config;
    try {
      config = loadConfig({
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(apiPort),
        BETTER_AUTH_URL: appUrl,
        CORS_ORIGINS: [process.env.CORS_ORIGINS, appUrl].filter(Boolean).join(','),
      });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      say(error.message);
      await stop();
      return 2;
    }
    service = await startService(config, logger);

    say(`Starting the app (next ${production ? 'start' : 'dev'}) on ${appUrl}…`);
    app = await ExampleApp.start({
      mode: production ? 'start' : 'dev',
      port: appPort,
      appUrl,
      authDatabaseUrl,
      authSecret,
      apiUrl: service.url,
    });
  } catch (error) {
    await stop();
    throw error;
  }

  starting = false;
  say('');
  say(`  The example is ready: open ${appUrl} and sign up.`);
  say(`  API: ${service.url} (docs at ${service.url}/docs). Stop with Ctrl+C.`);
  say('');

  const crashed = app.exited.then(() => {
    if (!stopping) say('The app stopped; stopping the API.');
    return 1;
  });
  const code = await Promise.race([stopRequested, crashed]);
  await stop();
  return code;
}

if (process.env.TASKS_EXAMPLE_SUPERVISED === '1') {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`npm run example failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
} else {
  // Ctrl+C signals the terminal's whole foreground process group, the embedded PostgreSQL included, which would
  // stop under the API. So the example runs in a group of its own, and is told to stop in order: app, API, database.
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    detached: true,
    env: { ...process.env, TASKS_EXAMPLE_SUPERVISED: '1' },
  });
  const relay = () => child.kill('SIGTERM');
  process.on('SIGINT', relay);
  process.on('SIGTERM', relay);
  child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
