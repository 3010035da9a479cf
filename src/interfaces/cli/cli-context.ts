/**
 * What every admin command may need, opened only when it asks: the configuration, a logger on stderr,
 * and the service's runtime (database and container) through `openRuntime`, the same as the server's.
 */
import type { CommandBus } from '../../application/command-bus.js';
import type { QueryBus } from '../../application/query-bus.js';
import { TOKENS } from '../../application/tokens.js';
import { openRuntime, type Runtime } from '../../bootstrap.js';
import { loadConfig, type AppConfig } from '../../infrastructure/config/config.js';
import { createLogger, type Logger } from '../../infrastructure/logging/logger.js';
import { CliOutput, type CliStreams } from './cli-output.js';
import { CliError, EXIT } from './exit-status.js';

export interface CliEnvironment extends CliStreams {
  readonly env: NodeJS.ProcessEnv;
  readonly stdin: NodeJS.ReadableStream;
}

export interface Application {
  readonly commands: CommandBus;
  readonly queries: QueryBus;
}

export class CliContext {
  readonly out: CliOutput;
  private loadedConfig: AppConfig | undefined;

  constructor(
    readonly environment: CliEnvironment,
    private readonly isVerbose: () => boolean,
  ) {
    this.out = new CliOutput(environment);
  }

  get verbose(): boolean {
    return this.isVerbose();
  }

  config(): AppConfig {
    this.loadedConfig ??= loadConfig(this.environment.env);
    return this.loadedConfig;
  }

  /**
   * Logs go to stderr, never into a command's output. Quiet (`warn`) unless LOG_LEVEL is set in the
   * environment or `--verbose` is given: the server's default `info` would be noise around every command.
   */
  logger(): Logger {
    const level = this.environment.env.LOG_LEVEL ? this.config().logLevel : this.verbose ? 'debug' : 'warn';
    return createLogger(level, this.environment.stderr);
  }

  /**
   * Opens the database (DATABASE_URL, or the embedded cluster under DATA_DIR — joining the server's if it
   * runs), runs `work`, and closes again. Migrations are never applied here, only by `migrate`: an admin
   * command must not change the schema under a running server that may be older than this CLI.
   */
  async withRuntime<T>(work: (runtime: Runtime) => Promise<T>, options: { requireCurrentSchema: boolean }): Promise<T> {
    const runtime = await openRuntime(this.config(), this.logger(), { migrate: false });
    try {
      if (options.requireCurrentSchema) await assertSchemaIsCurrent(runtime);
      return await work(runtime);
    } finally {
      await runtime.close();
    }
  }

  /** The command and query buses, exactly as the HTTP routes get them. */
  withApplication<T>(work: (application: Application) => Promise<T>): Promise<T> {
    return this.withRuntime(
      (runtime) =>
        work({
          commands: runtime.container.get<CommandBus>(TOKENS.CommandBus),
          queries: runtime.container.get<QueryBus>(TOKENS.QueryBus),
        }),
      { requireCurrentSchema: true },
    );
  }
}

async function assertSchemaIsCurrent(runtime: Runtime): Promise<void> {
  const pending = (await runtime.database.migrationStatus()).filter((migration) => migration.executedAt === null);
  if (pending.length > 0) {
    const count = pending.length === 1 ? '1 migration is' : `${pending.length} migrations are`;
    throw new CliError(EXIT.unavailable, `The database schema is not up to date (${count} pending): run 'tasks-admin migrate' first`);
  }
}
