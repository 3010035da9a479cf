/**
 * A real instance of the service on an ephemeral port, backed by the test PostgreSQL, plus a small client
 * that talks to it over the socket the way a front end does.
 */
import { randomUUID } from 'node:crypto';
import { startService, type RunningService, type ServiceOptions } from '../../src/http-service.js';
import { loadConfig } from '../../src/infrastructure/config/config.js';
import { issueSharedSecretToken } from '../../src/infrastructure/auth/shared-secret-token-issuer.js';
import { createLogger } from '../../src/infrastructure/logging/logger.js';
import { SseClient, type SseConnectOptions } from './sse-client.js';
import { testDatabaseUrl } from './test-database.js';

export const TEST_SECRET = 'test-shared-secret-that-is-at-least-32-bytes';

const NEVER = { firstDelayMs: 2 ** 31 - 1, intervalMs: 2 ** 31 - 1 };

export interface RequestOptions {
  token?: string | null;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface TestResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export class TestService {
  private constructor(
    readonly service: RunningService,
    readonly url: string,
  ) {}

  /**
   * Starts the service with the shared secret `TEST_SECRET` enabled unless `env` says otherwise:
   * `BETTER_AUTH_SECRET: ''` (empty means unset) together with `BETTER_AUTH_URL` runs it in JWKS-only mode.
   * `logs`, when given, receives the service's log lines at `warn` and above (as JSON lines);
   * `eventStreams` tunes the event streams (e.g. a short heartbeat); `compactionSchedule` runs change-log
   * compaction in the background, which otherwise never runs.
   */
  static async start(
    env: Record<string, string> = {},
    { logs, ...options }: ServiceOptions & { logs?: { write(line: string): void } } = {},
  ): Promise<TestService> {
    const config = loadConfig({
      DATABASE_URL: await testDatabaseUrl(),
      PORT: '0',
      BETTER_AUTH_SECRET: TEST_SECRET,
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_ANON_PER_MINUTE: '0',
      ...env,
    });
    const logger = logs ? createLogger('warn', logs) : createLogger(config.logLevel);
    // Compaction runs only when a test asks for it: a run of its own would race the tests that compact.
    const service = await startService(config, logger, { compactionSchedule: NEVER, ...options });
    return new TestService(service, service.url);
  }

  stop(): Promise<void> {
    return this.service.stop();
  }

  /** A user id no other test uses, so tests share one database without seeing each other's tasks. */
  static newUserId(label = 'user'): string {
    return `${label}-${randomUUID()}`;
  }

  tokenFor(userId: string, ttlSeconds = 600): Promise<string> {
    return issueSharedSecretToken(TEST_SECRET, userId, { ttlSeconds });
  }

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const response = await fetch(`${this.url}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    if (/json/.test(response.headers.get('content-type') ?? '') && text) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  /** A client bound to one user's shared-secret token. */
  async as(userId: string): Promise<UserClient> {
    return this.withToken(userId, await this.tokenFor(userId));
  }

  /** A client bound to a token from elsewhere, e.g. one Better Auth issued for `userId`. */
  withToken(userId: string, token: string): UserClient {
    return new UserClient(this, token, userId);
  }
}

export class UserClient {
  constructor(
    private readonly service: TestService,
    readonly token: string,
    readonly userId: string,
  ) {}

  request<T = any>(method: string, path: string, options: Omit<RequestOptions, 'token'> = {}): Promise<TestResponse<T>> {
    return this.service.request<T>(method, path, { ...options, token: this.token });
  }

  /** Opens `GET /api/events` as this user. */
  events(options: SseConnectOptions = {}): Promise<SseClient> {
    return SseClient.connect(`${this.service.url}/api/events`, this.token, options);
  }

  async createTask(title = 'A task', description: string | null = null): Promise<any> {
    const response = await this.request('POST', '/api/tasks', { body: { title, description } });
    if (response.status !== 201) throw new Error(`create failed: ${response.status} ${response.text}`);
    return response.body;
  }
}

/**
 * One service for the enclosing `describe` block: started before its tests, stopped after them. The handle
 * forwards to that instance, so tests use it like the service itself.
 */
export function useTestService(...args: Parameters<typeof TestService.start>): TestService {
  return useServiceStartedBy(() => TestService.start(...args));
}

/**
 * As `useTestService`, for a service `start` starts however it likes: behind a pooler, say, at an address
 * known only once an earlier `before` hook has run.
 */
export function useServiceStartedBy(start: () => Promise<TestService>): TestService {
  let started: TestService | undefined;
  before(async () => {
    started = await start();
  });
  after(async () => {
    await started?.stop();
  });
  return new Proxy({} as TestService, {
    get(_target, property) {
      if (!started) throw new Error('The test service is used before its before() hook has run');
      const value: unknown = Reflect.get(started, property);
      return typeof value === 'function' ? value.bind(started) : value;
    },
  });
}
