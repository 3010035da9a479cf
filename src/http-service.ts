/**
 * The HTTP service: the runtime (src/bootstrap.ts) plus the cross-instance change listener and the Koa
 * server. `npm start` runs it through src/main.ts; tests start it on an ephemeral port.
 */
import type { ChangeLogCompaction } from './application/changes/change-log-compaction.js';
import { TOKENS } from './application/tokens.js';
import { openRuntime, type Runtime, type RuntimeOptions } from './bootstrap.js';
import type { AppConfig } from './infrastructure/config/config.js';
import { PostgresTaskChangeListener } from './infrastructure/events/postgres-task-change-listener.js';
import type { Logger } from './infrastructure/logging/logger.js';
import { PeriodicJob, type PeriodicJobSchedule } from './infrastructure/system/periodic-job.js';
import { createHttpApp } from './interfaces/http/http-app.js';
import { listen } from './interfaces/http/http-server.js';
import {
  DEFAULT_EVENT_STREAM_SETTINGS,
  EventStreamConnections,
  type EventStreamSettings,
} from './interfaces/http/server-sent-events.js';

export interface RunningService {
  readonly url: string;
  readonly runtime: Runtime;
  readonly changeListener: PostgresTaskChangeListener;
  readonly eventStreams: EventStreamConnections;
  stop(): Promise<void>;
}

/** Tuning that is not configuration an operator needs, but tests do (e.g. a short heartbeat). */
export interface ServiceOptions extends Omit<RuntimeOptions, 'migrate'> {
  readonly eventStreams?: Partial<EventStreamSettings>;
  /** When change logs are compacted (CHANGE_RETENTION_DAYS): the default is a few minutes after start, then hourly. */
  readonly compactionSchedule?: PeriodicJobSchedule;
}

function defaultCompactionSchedule(): PeriodicJobSchedule {
  // Instances started together spread their first runs over a few minutes.
  return { firstDelayMs: 60_000 + Math.floor(Math.random() * 240_000), intervalMs: 60 * 60_000 };
}

/**
 * Database, migrations, container, change listener, HTTP server and the change-log compaction job, in that
 * order; `stop` undoes them in reverse, ending open event streams first so the server can close.
 */
export async function startService(config: AppConfig, logger: Logger, options: ServiceOptions = {}): Promise<RunningService> {
  const { eventStreams: eventStreamSettings, compactionSchedule, ...runtimeOptions } = options;
  const runtime = await openRuntime(config, logger, { ...runtimeOptions, migrate: true });
  // LISTEN holds a session: behind a transaction-pooling proxy it needs a direct connection of its own.
  const changeListener = new PostgresTaskChangeListener(config.database.listenUrl ?? runtime.database.url, runtime.changeHub, logger);
  try {
    await changeListener.start();
    const eventStreams = new EventStreamConnections({ ...DEFAULT_EVENT_STREAM_SETTINGS, ...eventStreamSettings }, logger);
    const app = createHttpApp({
      container: runtime.container,
      logger,
      corsOrigins: config.corsOrigins,
      rateLimitPerMinute: config.rateLimitPerMinute,
      rateLimitAnonPerMinute: config.rateLimitAnonPerMinute,
      trustedProxies: config.http.trustedProxies,
      mcp: { audience: config.auth.mcpAudience, authorizationServer: config.auth.authorizationServer },
      isDatabaseReachable: () => runtime.database.isReachable(),
      eventStreams,
    });
    const http = await listen(app, config.port, config.host, {
      onClosing: () => eventStreams.closeAll(),
      timeouts: { headersMs: config.http.headersTimeoutMs, requestMs: config.http.requestTimeoutMs, keepAliveMs: config.http.keepAliveTimeoutMs },
    });
    const compaction = runtime.container.get<ChangeLogCompaction>(TOKENS.ChangeLogCompaction);
    const compactionJob = new PeriodicJob(
      'change log compaction',
      async (signal) => {
        const report = await compaction.run({ retentionDays: config.changeRetentionDays, signal });
        if (report.users > 0 || report.busy > 0) logger.info({ compaction: report }, 'change logs compacted');
      },
      compactionSchedule ?? defaultCompactionSchedule(),
      logger,
    );
    compactionJob.start();
    return {
      url: http.url,
      runtime,
      changeListener,
      eventStreams,
      stop: async () => {
        await compactionJob.stop();
        await http.close();
        await changeListener.close();
        await runtime.close();
      },
    };
  } catch (error) {
    await changeListener.close();
    await runtime.close();
    throw error;
  }
}
