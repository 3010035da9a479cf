import { z } from 'zod';
import { DEFAULT_TASK_LIMITS, type TaskLimits } from '../../domain/index.js';
import { parseDurationSeconds } from './duration.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
// Leaves the per-user count (a PostgreSQL integer) room to spare.
const MAX_TASKS_LIMIT = 1_000_000_000;

// Operators often leave `VAR=` in a .env file; an empty value means "not set", not "set to nothing".
const optionalText = z.preprocess((value) => (value === '' ? undefined : value), z.string().optional());

const httpUrl = (name: string) =>
  optionalText.refine((value) => value === undefined || isHttpUrl(value), {
    message: `${name} must be an http(s) URL, e.g. http://localhost:3000`,
  });

/** A duration variable (`30s`, `5m`, `500ms`), in seconds, within `[minSeconds, maxSeconds]`. */
const duration = (name: string, fallback: string, minSeconds: number, maxSeconds: number, example: string) =>
  optionalText.transform((value, context) => {
    const seconds = parseDurationSeconds(value ?? fallback);
    if (seconds === null || seconds < minSeconds || seconds > maxSeconds) {
      context.addIssue({ code: 'custom', message: `${name} must be a duration from ${example}` });
      return z.NEVER;
    }
    return seconds;
  });

const EnvironmentSchema = z.object({
  PORT: z.preprocess(
    (value) => (value === '' || value === undefined ? '8000' : value),
    z.coerce.number({ error: 'PORT must be a number' }).int().min(0).max(65535, 'PORT must be 0-65535'),
  ),
  HOST: optionalText.transform((value) => value ?? '127.0.0.1'),
  DATABASE_URL: optionalText.refine((value) => value === undefined || /^postgres(ql)?:\/\/.+/.test(value), {
    message: 'DATABASE_URL must be a postgres:// or postgresql:// URL',
  }),
  DATABASE_LISTEN_URL: optionalText.refine((value) => value === undefined || /^postgres(ql)?:\/\/.+/.test(value), {
    message: 'DATABASE_LISTEN_URL must be a postgres:// or postgresql:// URL',
  }),
  DATABASE_POOL_MAX: z.preprocess(
    (value) => (value === '' || value === undefined ? '10' : value),
    z.coerce.number({ error: 'DATABASE_POOL_MAX must be a number' }).int().min(1, 'DATABASE_POOL_MAX must be 1-1000').max(1000, 'DATABASE_POOL_MAX must be 1-1000'),
  ),
  DATABASE_STATEMENT_TIMEOUT: optionalText.transform((value, context) => {
    const seconds = parseDurationSeconds(value ?? '15s');
    if (seconds === null || seconds > 3600) {
      context.addIssue({ code: 'custom', message: 'DATABASE_STATEMENT_TIMEOUT must be a duration up to 1h, e.g. 15s (0 turns it off)' });
      return z.NEVER;
    }
    return seconds;
  }),
  DATA_DIR: optionalText.transform((value) => value ?? './.data'),
  BETTER_AUTH_SECRET: optionalText.refine((value) => value === undefined || Buffer.byteLength(value) >= 32, {
    message: 'BETTER_AUTH_SECRET must be at least 32 bytes (generate one with: openssl rand -base64 32)',
  }),
  BETTER_AUTH_URL: httpUrl('BETTER_AUTH_URL'),
  JWKS_URL: httpUrl('JWKS_URL'),
  JWT_ISSUER: optionalText,
  JWT_AUDIENCE: optionalText,
  JWT_CLOCK_TOLERANCE: optionalText.transform((value, context) => {
    const seconds = parseDurationSeconds(value ?? '30s');
    if (seconds === null || seconds > 300) {
      context.addIssue({ code: 'custom', message: 'JWT_CLOCK_TOLERANCE must be a duration up to 5m, e.g. 30s' });
      return z.NEVER;
    }
    return seconds;
  }),
  JWT_MAX_AGE: optionalText.transform((value, context) => {
    const seconds = parseDurationSeconds(value ?? '24h');
    if (seconds === null || seconds < 60 || seconds > 30 * 86_400) {
      context.addIssue({ code: 'custom', message: 'JWT_MAX_AGE must be a duration from 1m to 30d, e.g. 24h' });
      return z.NEVER;
    }
    return seconds;
  }),
  CORS_ORIGINS: optionalText.transform((value, context) => {
    const origins = (value ?? 'http://localhost:3000')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean);
    const bad = origins.filter((origin) => origin !== '*' && !isHttpUrl(origin));
    if (bad.length > 0) {
      context.addIssue({ code: 'custom', message: `CORS_ORIGINS has invalid origins: ${bad.join(', ')}` });
      return z.NEVER;
    }
    return origins.map((origin) => origin.replace(/\/$/, ''));
  }),
  RATE_LIMIT_PER_MINUTE: z.preprocess(
    (value) => (value === '' || value === undefined ? '600' : value),
    z.coerce.number({ error: 'RATE_LIMIT_PER_MINUTE must be a number' }).int().min(0, 'RATE_LIMIT_PER_MINUTE must be 0 or more'),
  ),
  RATE_LIMIT_ANON_PER_MINUTE: z.preprocess(
    (value) => (value === '' || value === undefined ? '300' : value),
    z.coerce.number({ error: 'RATE_LIMIT_ANON_PER_MINUTE must be a number' }).int().min(0, 'RATE_LIMIT_ANON_PER_MINUTE must be 0 or more'),
  ),
  TRUST_PROXY: optionalText.transform((value, context) => {
    const text = (value ?? 'false').trim().toLowerCase();
    if (text === 'false') return 0;
    if (text === 'true') return 1;
    if (/^\d{1,2}$/.test(text)) return Number(text);
    context.addIssue({ code: 'custom', message: 'TRUST_PROXY must be false, true (one proxy) or the number of proxies in front, e.g. 2' });
    return z.NEVER;
  }),
  HTTP_HEADERS_TIMEOUT: duration('HTTP_HEADERS_TIMEOUT', '10s', 0.1, 600, '100ms to 10m, e.g. 10s'),
  HTTP_REQUEST_TIMEOUT: duration('HTTP_REQUEST_TIMEOUT', '30s', 0.1, 3600, '100ms to 1h, e.g. 30s'),
  HTTP_KEEP_ALIVE_TIMEOUT: duration('HTTP_KEEP_ALIVE_TIMEOUT', '5s', 0.1, 600, '100ms to 10m, e.g. 5s'),
  MAX_TASKS_PER_USER: z.preprocess(
    (value) => (value === '' || value === undefined ? String(DEFAULT_TASK_LIMITS.maxTasksPerUser) : value),
    z.coerce
      .number({ error: 'MAX_TASKS_PER_USER must be a number' })
      .int('MAX_TASKS_PER_USER must be a whole number')
      .min(1, `MAX_TASKS_PER_USER must be 1-${MAX_TASKS_LIMIT}`)
      .max(MAX_TASKS_LIMIT, `MAX_TASKS_PER_USER must be 1-${MAX_TASKS_LIMIT}`),
  ),
  CHANGE_RETENTION_DAYS: z.preprocess(
    (value) => (value === '' || value === undefined ? '30' : value),
    z.coerce
      .number({ error: 'CHANGE_RETENTION_DAYS must be a number of days' })
      .int('CHANGE_RETENTION_DAYS must be a whole number of days')
      .min(1, 'CHANGE_RETENTION_DAYS must be 1-3650 days')
      .max(3650, 'CHANGE_RETENTION_DAYS must be 1-3650 days'),
  ),
  LOG_LEVEL: z.preprocess((value) => (value === '' || value === undefined ? 'info' : value), z.enum(LOG_LEVELS, {
    error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`,
  })),
  NODE_ENV: optionalText,
});

export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  database: {
    /**
     * A direct (session) connection for the change listener's LISTEN, when DATABASE_URL goes through a
     * transaction-pooling proxy that cannot hold one; DATABASE_URL otherwise.
     */
    listenUrl: string | undefined;
    /** Connections in the pool. */
    poolMax: number;
    /** How long one statement may run before PostgreSQL cancels it; 0: no limit. */
    statementTimeoutMs: number;
  };
  dataDir: string;
  auth: {
    sharedSecret: string | undefined;
    /** The JWKS endpoint, from JWKS_URL or derived from BETTER_AUTH_URL. */
    jwksUrl: string | undefined;
    /** Explicit `JWT_ISSUER` / `JWT_AUDIENCE`; JWKS tokens fall back to `betterAuthUrl`. */
    issuer: string | undefined;
    audience: string | undefined;
    /** The origin of BETTER_AUTH_URL: what Better Auth puts in `iss` and `aud` by default. */
    betterAuthUrl: string | undefined;
    clockToleranceSeconds: number;
    /** Longest lifetime (`exp` − `iat`) a token may have been issued with. */
    maxTokenLifetimeSeconds: number;
  };
  corsOrigins: string[];
  rateLimitPerMinute: number;
  /** Requests per client address per minute that present no valid token; 0: no limit. */
  rateLimitAnonPerMinute: number;
  http: {
    /**
     * How many reverse proxies in front append to X-Forwarded-For: the client address is the one the
     * outermost of them saw. 0: the peer of the socket is the client, and X-Forwarded-For is ignored.
     */
    trustedProxies: number;
    /** Longest a client may take to send its request headers, its whole request, and between requests. */
    headersTimeoutMs: number;
    requestTimeoutMs: number;
    keepAliveTimeoutMs: number;
  };
  /** How many tasks one user may have (MAX_TASKS_PER_USER). */
  limits: TaskLimits;
  /** Changes older than this many days are compacted out of the change log (CHANGE_RETENTION_DAYS). */
  changeRetentionDays: number;
  logLevel: (typeof LOG_LEVELS)[number];
  production: boolean;
}

/** Every bad or missing variable, named, in one message. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvironmentSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const vars = parsed.data;
  // Operators write the app's URL (http://localhost:3000) or the auth mount (…/api/auth): accept both.
  const betterAuthBase = vars.BETTER_AUTH_URL?.replace(/\/+$/, '').replace(/\/api\/auth$/, '');
  const jwksUrl = vars.JWKS_URL ?? (betterAuthBase ? `${betterAuthBase}/api/auth/jwks` : undefined);
  const betterAuthUrl = betterAuthBase ? new URL(betterAuthBase).origin : undefined;
  const production = vars.NODE_ENV === 'production';
  // Rules between variables, once each of them is valid on its own; reported together as well.
  const problems: string[] = [];
  if (production && !vars.BETTER_AUTH_SECRET && !jwksUrl) {
    problems.push(
      'NODE_ENV=production needs authentication configured: set BETTER_AUTH_URL (or JWKS_URL) for Better Auth JWKS tokens, or BETTER_AUTH_SECRET for shared-secret tokens',
    );
  }
  if (vars.HTTP_HEADERS_TIMEOUT > vars.HTTP_REQUEST_TIMEOUT) {
    problems.push('HTTP_HEADERS_TIMEOUT: must not be longer than HTTP_REQUEST_TIMEOUT (the headers are part of the request)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port: vars.PORT,
    host: vars.HOST,
    databaseUrl: vars.DATABASE_URL,
    database: { listenUrl: vars.DATABASE_LISTEN_URL, poolMax: vars.DATABASE_POOL_MAX, statementTimeoutMs: Math.round(vars.DATABASE_STATEMENT_TIMEOUT * 1000) },
    dataDir: vars.DATA_DIR,
    auth: {
      sharedSecret: vars.BETTER_AUTH_SECRET,
      jwksUrl,
      issuer: vars.JWT_ISSUER,
      audience: vars.JWT_AUDIENCE,
      betterAuthUrl,
      clockToleranceSeconds: vars.JWT_CLOCK_TOLERANCE,
      maxTokenLifetimeSeconds: vars.JWT_MAX_AGE,
    },
    corsOrigins: vars.CORS_ORIGINS,
    rateLimitPerMinute: vars.RATE_LIMIT_PER_MINUTE,
    rateLimitAnonPerMinute: vars.RATE_LIMIT_ANON_PER_MINUTE,
    http: {
      trustedProxies: vars.TRUST_PROXY,
      headersTimeoutMs: Math.round(vars.HTTP_HEADERS_TIMEOUT * 1000),
      requestTimeoutMs: Math.round(vars.HTTP_REQUEST_TIMEOUT * 1000),
      keepAliveTimeoutMs: Math.round(vars.HTTP_KEEP_ALIVE_TIMEOUT * 1000),
    },
    limits: { maxTasksPerUser: vars.MAX_TASKS_PER_USER },
    changeRetentionDays: vars.CHANGE_RETENTION_DAYS,
    logLevel: vars.LOG_LEVEL,
    production,
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
