import { z } from 'zod';
import { DEFAULT_LIST_LIMITS, DEFAULT_TASK_LIMITS, type ListLimits, type TaskLimits } from '../../domain/index.js';
import { formatDurationSeconds, parseDurationSeconds } from './duration.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
// Leaves the per-user count (a PostgreSQL integer) room to spare.
const MAX_TASKS_LIMIT = 1_000_000_000;
const MAX_LISTS_LIMIT = 100_000;

// Operators often leave `VAR=` in a .env file; an empty value means "not set", not "set to nothing".
const optionalText = z.preprocess((value) => (value === '' ? undefined : value), z.string().optional());

/** A text variable, `fallback` when unset. */
const text = (fallback: string) => optionalText.transform((value) => value ?? fallback);

/** One of `values`, `fallback` when unset. */
const oneOf = <const T extends readonly [string, ...string[]]>(name: string, values: T, fallback: T[number]) =>
  optionalText.transform((value, context): T[number] => {
    const chosen = value ?? fallback;
    if ((values as readonly string[]).includes(chosen)) return chosen;
    context.addIssue({ code: 'custom', message: `${name} must be one of ${values.join(', ')}` });
    return z.NEVER;
  });

/** `true` or `false`, in any case; `fallback` when unset. */
const flag = (name: string, fallback: boolean) =>
  z
    .preprocess((value) => (typeof value === 'string' ? value.trim().toLowerCase() : value), oneOf(name, ['true', 'false'], fallback ? 'true' : 'false'))
    .transform((value) => value === 'true');

const httpUrl = (name: string, example = 'http://localhost:3000') =>
  optionalText.refine((value) => value === undefined || isHttpUrl(value), {
    message: `${name} must be an http(s) URL, e.g. ${example}`,
  });

const postgresUrl = (name: string) =>
  optionalText.refine((value) => value === undefined || /^postgres(ql)?:\/\/.+/.test(value), {
    message: `${name} must be a postgres:// or postgresql:// URL`,
  });

/** A whole number within `[min, max]` (of `unit`s, when given), `fallback` when unset. */
const integer = (name: string, fallback: number, min: number, max?: number, unit?: string) =>
  optionalText.transform((value, context) => {
    if (value === undefined) return fallback;
    const number = Number(value);
    if (!Number.isInteger(number) || number < min || (max !== undefined && number > max)) {
      const range = max === undefined ? `, ${min} or more` : ` from ${min} to ${max}`;
      context.addIssue({ code: 'custom', message: `${name} must be a whole number${unit ? ` of ${unit}` : ''}${range}` });
      return z.NEVER;
    }
    return number;
  });

/**
 * A duration variable (`30s`, `5m`, `500ms`), in seconds, within `[minSeconds, maxSeconds]`; `fallback` (written
 * as an operator would) when unset. `note` ends the error message.
 */
const duration = (name: string, fallback: string, minSeconds: number, maxSeconds: number, note = '') =>
  optionalText.transform((value, context) => {
    const seconds = parseDurationSeconds(value ?? fallback);
    if (seconds === null || seconds < minSeconds || seconds > maxSeconds) {
      const range = minSeconds > 0 ? `from ${formatDurationSeconds(minSeconds)} to` : 'up to';
      context.addIssue({ code: 'custom', message: `${name} must be a duration ${range} ${formatDurationSeconds(maxSeconds)}, e.g. ${fallback}${note}` });
      return z.NEVER;
    }
    return seconds;
  });

const EnvironmentSchema = z.object({
  PORT: integer('PORT', 8000, 0, 65535),
  HOST: text('127.0.0.1'),
  DATABASE_URL: postgresUrl('DATABASE_URL'),
  DATABASE_LISTEN_URL: postgresUrl('DATABASE_LISTEN_URL'),
  DATABASE_POOL_MAX: integer('DATABASE_POOL_MAX', 10, 1, 1000),
  DATABASE_STATEMENT_TIMEOUT: duration('DATABASE_STATEMENT_TIMEOUT', '15s', 0, 3600, ' (0 turns it off)'),
  DATABASE_PREPARED_STATEMENTS: flag('DATABASE_PREPARED_STATEMENTS', true),
  DATA_DIR: text('./.data'),
  BETTER_AUTH_SECRET: optionalText.refine((value) => value === undefined || Buffer.byteLength(value) >= 32, {
    message: 'BETTER_AUTH_SECRET must be at least 32 bytes (generate one with: openssl rand -base64 32)',
  }),
  BETTER_AUTH_URL: httpUrl('BETTER_AUTH_URL'),
  JWKS_URL: httpUrl('JWKS_URL'),
  JWT_ISSUER: optionalText,
  JWT_AUDIENCE: optionalText,
  MCP_AUDIENCE: httpUrl('MCP_AUDIENCE', 'https://api.example.com/mcp'),
  JWT_CLOCK_TOLERANCE: duration('JWT_CLOCK_TOLERANCE', '30s', 0, 300),
  JWT_MAX_AGE: duration('JWT_MAX_AGE', '24h', 60, 30 * 86_400),
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
  RATE_LIMIT_PER_MINUTE: integer('RATE_LIMIT_PER_MINUTE', 600, 0),
  RATE_LIMIT_ANON_PER_MINUTE: integer('RATE_LIMIT_ANON_PER_MINUTE', 300, 0),
  TRUST_PROXY: optionalText.transform((value, context) => {
    const setting = (value ?? 'false').trim().toLowerCase();
    if (setting === 'false') return 0;
    if (setting === 'true') return 1;
    if (/^\d{1,2}$/.test(setting)) return Number(setting);
    context.addIssue({ code: 'custom', message: 'TRUST_PROXY must be false, true (one proxy) or the number of proxies in front, e.g. 2' });
    return z.NEVER;
  }),
  HTTP_HEADERS_TIMEOUT: duration('HTTP_HEADERS_TIMEOUT', '10s', 0.1, 600),
  HTTP_REQUEST_TIMEOUT: duration('HTTP_REQUEST_TIMEOUT', '30s', 0.1, 3600),
  HTTP_KEEP_ALIVE_TIMEOUT: duration('HTTP_KEEP_ALIVE_TIMEOUT', '5s', 0.1, 600),
  MAX_TASKS_PER_USER: integer('MAX_TASKS_PER_USER', DEFAULT_TASK_LIMITS.maxTasksPerUser, 1, MAX_TASKS_LIMIT),
  MAX_LISTS_PER_USER: integer('MAX_LISTS_PER_USER', DEFAULT_LIST_LIMITS.maxListsPerUser, 1, MAX_LISTS_LIMIT),
  CHANGE_RETENTION_DAYS: integer('CHANGE_RETENTION_DAYS', 30, 1, 3650, 'days'),
  LOG_LEVEL: oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
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
    /**
     * Statements go to the pool as named prepared statements (false: unnamed, parsed each time, for a
     * transaction-pooling proxy that cannot keep prepared statements).
     */
    preparedStatements: boolean;
  };
  dataDir: string;
  auth: {
    sharedSecret: string | undefined;
    /** The JWKS endpoint, from JWKS_URL or derived from BETTER_AUTH_URL. */
    jwksUrl: string | undefined;
    /** Explicit `JWT_ISSUER` / `JWT_AUDIENCE`; JWKS tokens fall back to `betterAuthUrl`. */
    issuer: string | undefined;
    audience: string | undefined;
    /**
     * MCP_AUDIENCE: the `aud` every token presented at `/mcp` must carry, and the resource the MCP endpoint names in
     * its protected resource metadata; accepted wherever an audience is expected. Unset: `/mcp` checks no audience.
     */
    mcpAudience: string | undefined;
    /** BETTER_AUTH_URL as written (without a trailing slash): the authorization server MCP clients are sent to. */
    authorizationServer: string | undefined;
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
  /** How many lists one user may have (MAX_LISTS_PER_USER). */
  listLimits: ListLimits;
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
    database: {
      listenUrl: vars.DATABASE_LISTEN_URL,
      poolMax: vars.DATABASE_POOL_MAX,
      statementTimeoutMs: Math.round(vars.DATABASE_STATEMENT_TIMEOUT * 1000),
      preparedStatements: vars.DATABASE_PREPARED_STATEMENTS,
    },
    dataDir: vars.DATA_DIR,
    auth: {
      sharedSecret: vars.BETTER_AUTH_SECRET,
      jwksUrl,
      issuer: vars.JWT_ISSUER,
      audience: vars.JWT_AUDIENCE,
      mcpAudience: vars.MCP_AUDIENCE,
      authorizationServer: vars.BETTER_AUTH_URL?.replace(/\/+$/, ''),
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
    listLimits: { maxListsPerUser: vars.MAX_LISTS_PER_USER },
    changeRetentionDays: vars.CHANGE_RETENTION_DAYS,
    logLevel: vars.LOG_LEVEL,
    production,
  };
}

/**
 * The configuration of an empty environment: every setting's documented default. Adapters that can run without
 * a configuration (tests, tools) fall back on these, so that each default is stated here and nowhere else.
 */
export const DEFAULT_CONFIG: AppConfig = loadConfig({});

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
