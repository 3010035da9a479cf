import { z } from 'zod';
import { DEFAULT_TASK_LIMITS, type TaskLimits } from '../persistence/task-limits.js';
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
  };
  corsOrigins: string[];
  rateLimitPerMinute: number;
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
  if (production && !vars.BETTER_AUTH_SECRET && !jwksUrl) {
    throw new ConfigError([
      'NODE_ENV=production needs authentication configured: set BETTER_AUTH_URL (or JWKS_URL) for Better Auth JWKS tokens, or BETTER_AUTH_SECRET for shared-secret tokens',
    ]);
  }
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
    },
    corsOrigins: vars.CORS_ORIGINS,
    rateLimitPerMinute: vars.RATE_LIMIT_PER_MINUTE,
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
