/**
 * The runtime shared by the HTTP service (src/http-service.ts) and the admin CLI: the database (a configured
 * server, or the embedded one), migrations, token verification and the container. Nothing here loads the
 * HTTP stack, so the CLI starts quickly.
 */
import type { Container } from 'inversify';
import type { Clock } from './application/ports/clock.js';
import { createContainer } from './container.js';
import type { AppConfig } from './infrastructure/config/config.js';
import { loadOrCreateDevelopmentSecret } from './infrastructure/config/development-secret.js';
import type { JwksTokenVerifierOptions } from './infrastructure/auth/jwks-token-verifier.js';
import { createTokenVerifier, type AuthSettings } from './infrastructure/auth/token-verifier-factory.js';
import { TaskChangeHub } from './infrastructure/events/task-change-hub.js';
import { TaskChangeNotifier } from './infrastructure/events/task-change-notifier.js';
import type { Logger } from './infrastructure/logging/logger.js';
import { EmbeddedDatabase } from './infrastructure/persistence/embedded-database.js';
import { Database } from './infrastructure/persistence/postgres/database.js';

export interface Runtime {
  readonly container: Container;
  readonly database: Database;
  readonly auth: ResolvedAuth;
  /** Routes change signals to this process's subscribers; fed by a change listener when one runs. */
  readonly changeHub: TaskChangeHub;
  close(): Promise<void>;
}

export interface ResolvedAuth {
  settings: AuthSettings;
  /** True when no auth was configured and a development secret was generated in DATA_DIR. */
  developmentSecret: boolean;
}

/** The configured auth; outside production with none configured, a development secret kept in DATA_DIR. */
export async function resolveAuth(config: AppConfig): Promise<ResolvedAuth> {
  const { sharedSecret, jwksUrl } = config.auth;
  if (sharedSecret || jwksUrl) return { settings: config.auth, developmentSecret: false };
  if (config.production) throw new Error('Authentication is not configured (set BETTER_AUTH_URL or BETTER_AUTH_SECRET)');
  const secret = await loadOrCreateDevelopmentSecret(config.dataDir);
  return { settings: { ...config.auth, sharedSecret: secret }, developmentSecret: true };
}

export interface RuntimeOptions {
  readonly migrate: boolean;
  /** Not configuration: the defaults serve every deployment; tests pass a clock to step over cooldowns. */
  readonly jwksKeyCache?: JwksTokenVerifierOptions;
  /**
   * What the application takes "now" to be: the system clock unless given. Not configuration either — no
   * variable or flag sets it; tests pass a manual clock to place "now" on either side of a midnight.
   */
  readonly clock?: Clock;
}

export async function openRuntime(config: AppConfig, logger: Logger, options: RuntimeOptions): Promise<Runtime> {
  const embedded = config.databaseUrl ? null : await EmbeddedDatabase.start(config.dataDir, logger);
  let database: Database | null = null;
  try {
    database = await Database.connect(config.databaseUrl ?? embedded!.url, {
      poolMax: config.database.poolMax,
      statementTimeoutMs: config.database.statementTimeoutMs,
      preparedStatements: config.database.preparedStatements,
      logger,
    });
    if (options.migrate) await database.migrate(logger);
    const auth = await resolveAuth(config);
    const changeHub = new TaskChangeHub();
    const notifier = new TaskChangeNotifier(database.session, logger);
    const container = createContainer(
      database,
      createTokenVerifier(auth.settings, options.jwksKeyCache),
      { changeHub, notifier },
      options.clock,
      config.limits,
      config.listLimits,
    );
    const opened = database;
    return {
      container,
      database,
      auth,
      changeHub,
      close: async () => {
        // Changes already committed are announced before the pool goes.
        await notifier.flush();
        await opened.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await database?.close();
    await embedded?.stop();
    throw error;
  }
}
