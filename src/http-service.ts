/**
 * The HTTP service: the runtime (src/bootstrap.ts) plus the cross-instance change listener and the Koa
 * server. `npm start` runs it through src/main.ts; tests start it on an ephemeral port.
 */
import { openRuntime, type Runtime, type RuntimeOptions } from './bootstrap.js';
import type { AppConfig } from './infrastructure/config/config.js';
import { PostgresTaskChangeListener } from './infrastructure/events/postgres-task-change-listener.js';
import type { Logger } from './infrastructure/logging/logger.js';
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
}

/**
 * Database, migrations, container, change listener and HTTP server, in that order; `stop` undoes them in
 * reverse, ending open event streams first so the server can close.
 */
export async function startService(config: AppConfig, logger: Logger, options: ServiceOptions = {}): Promise<RunningService> {
  const { eventStreams: eventStreamSettings, ...runtimeOptions } = options;
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
      isDatabaseReachable: () => runtime.database.isReachable(),
      eventStreams,
    });
    const http = await listen(app, config.port, config.host, {
      onClosing: () => eventStreams.closeAll(),
      timeouts: { headersMs: config.http.headersTimeoutMs, requestMs: config.http.requestTimeoutMs, keepAliveMs: config.http.keepAliveTimeoutMs },
    });
    return {
      url: http.url,
      runtime,
      changeListener,
      eventStreams,
      stop: async () => {
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
