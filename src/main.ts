/** Entry point of the HTTP service: `npm start`. */
import 'dotenv/config';
import { startService } from './http-service.js';
import { ConfigError, loadConfig } from './infrastructure/config/config.js';
import { createLogger } from './infrastructure/logging/logger.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  const logger = createLogger(config.logLevel);
  const service = await startService(config, logger);
  logger.info({ url: service.url, docs: `${service.url}/docs` }, 'tasks API listening');
  if (service.runtime.auth.developmentSecret) {
    logger.warn(
      `No authentication configured: using a development secret kept in ${config.dataDir}. ` +
        'Mint a token with: npm run admin -- token --user <user-id>',
    );
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`tasks-api failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
