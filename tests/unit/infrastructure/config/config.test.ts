import { expect } from 'chai';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../../../src/infrastructure/config/config.js';
import { loadOrCreateDevelopmentSecret } from '../../../../src/infrastructure/config/development-secret.js';
import { formatDurationSeconds, parseDurationSeconds } from '../../../../src/infrastructure/config/duration.js';
import { createOrmConfig } from '../../../../src/infrastructure/persistence/postgres/orm-config.js';

describe('configuration', () => {
  const problemsOf = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (error) {
      expect(error).to.be.instanceOf(ConfigError);
      return (error as ConfigError).problems;
    }
    throw new Error('expected a ConfigError');
  };

  it('applies the contract’s defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config).to.deep.include({
      port: 8000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      database: { listenUrl: undefined, poolMax: 10, statementTimeoutMs: 15_000, preparedStatements: true },
      dataDir: './.data',
      corsOrigins: ['http://localhost:3000'],
      rateLimitPerMinute: 600,
      rateLimitAnonPerMinute: 300,
      logLevel: 'info',
      production: false,
    });
    expect(config.http).to.deep.equal({ trustedProxies: 0, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000 });
    expect(config.auth).to.deep.equal({
      sharedSecret: undefined,
      jwksUrl: undefined,
      issuer: undefined,
      audience: undefined,
      mcpAudience: undefined,
      authorizationServer: undefined,
      betterAuthUrl: undefined,
      clockToleranceSeconds: 30,
      maxTokenLifetimeSeconds: 86_400,
    });
    expect(loadConfig({ JWT_MAX_AGE: '15m' }).auth.maxTokenLifetimeSeconds).to.equal(900);
  });

  it('gives the database pool, when run without a configuration, the documented defaults', () => {
    const orm = createOrmConfig('postgresql://127.0.0.1:5432/tasks');
    expect(orm.pool?.max).to.equal(10);
    expect(orm.driverOptions).to.have.nested.property('connection.statement_timeout', 15_000);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '', BETTER_AUTH_SECRET: '' }).port).to.equal(8000);
  });

  it('derives the JWKS URL from BETTER_AUTH_URL, or takes JWKS_URL as it is', () => {
    expect(loadConfig({ BETTER_AUTH_URL: 'http://localhost:3000/' }).auth).to.include({
      jwksUrl: 'http://localhost:3000/api/auth/jwks',
      betterAuthUrl: 'http://localhost:3000',
    });
    expect(loadConfig({ JWKS_URL: 'https://auth.example.com/keys' }).auth.jwksUrl).to.equal('https://auth.example.com/keys');
    // The auth mount itself works too; Better Auth's iss/aud are the origin either way.
    expect(loadConfig({ BETTER_AUTH_URL: 'https://app.example.com/api/auth/' }).auth).to.include({
      jwksUrl: 'https://app.example.com/api/auth/jwks',
      betterAuthUrl: 'https://app.example.com',
    });
    expect(loadConfig({ BETTER_AUTH_URL: 'https://example.com/tasks-app' }).auth).to.include({
      jwksUrl: 'https://example.com/tasks-app/api/auth/jwks',
      betterAuthUrl: 'https://example.com',
    });
  });

  it('names BETTER_AUTH_URL as written as the authorization server, and takes MCP_AUDIENCE as a URL', () => {
    expect(loadConfig({ BETTER_AUTH_URL: 'https://app.example.com/api/auth/', MCP_AUDIENCE: 'https://api.example.com/mcp' }).auth).to.include({
      authorizationServer: 'https://app.example.com/api/auth',
      mcpAudience: 'https://api.example.com/mcp',
    });
    expect(problemsOf({ MCP_AUDIENCE: 'tasks-mcp' })).to.deep.equal([
      'MCP_AUDIENCE: MCP_AUDIENCE must be an http(s) URL, e.g. https://api.example.com/mcp',
    ]);
  });

  it('sizes the database pool and the statement timeout as configured', () => {
    expect(loadConfig({ DATABASE_POOL_MAX: '25', DATABASE_STATEMENT_TIMEOUT: '2s', DATABASE_LISTEN_URL: 'postgres://direct/db' }).database).to.deep.equal({
      listenUrl: 'postgres://direct/db',
      poolMax: 25,
      statementTimeoutMs: 2000,
      preparedStatements: true,
    });
    expect(loadConfig({ DATABASE_STATEMENT_TIMEOUT: '0' }).database.statementTimeoutMs).to.equal(0);
  });

  it('sends prepared statements unless DATABASE_PREPARED_STATEMENTS is false, and takes nothing but true or false', () => {
    expect(loadConfig({ DATABASE_PREPARED_STATEMENTS: '' }).database.preparedStatements).to.equal(true);
    for (const [value, expected] of [['true', true], ['false', false], [' FALSE ', false], ['True', true]] as const) {
      expect(loadConfig({ DATABASE_PREPARED_STATEMENTS: value }).database.preparedStatements, value).to.equal(expected);
    }
    for (const bad of ['0', 'no', 'off', 'yes']) {
      expect(problemsOf({ DATABASE_PREPARED_STATEMENTS: bad }), bad).to.deep.equal([
        'DATABASE_PREPARED_STATEMENTS: DATABASE_PREPARED_STATEMENTS must be one of true, false',
      ]);
    }
  });

  it('reads the anonymous rate limit, the trusted proxies and the HTTP timeouts', () => {
    const config = loadConfig({
      RATE_LIMIT_ANON_PER_MINUTE: '0',
      TRUST_PROXY: '2',
      HTTP_HEADERS_TIMEOUT: '500ms',
      HTTP_REQUEST_TIMEOUT: '1m',
      HTTP_KEEP_ALIVE_TIMEOUT: '65s',
    });
    expect(config.rateLimitAnonPerMinute).to.equal(0);
    expect(config.http).to.deep.equal({ trustedProxies: 2, headersTimeoutMs: 500, requestTimeoutMs: 60_000, keepAliveTimeoutMs: 65_000 });
    // `true` trusts one proxy — the nearest — never every address the client wrote itself.
    expect(loadConfig({ TRUST_PROXY: 'true' }).http.trustedProxies).to.equal(1);
    expect(loadConfig({ TRUST_PROXY: 'FALSE' }).http.trustedProxies).to.equal(0);
    expect(loadConfig({ TRUST_PROXY: '0' }).http.trustedProxies).to.equal(0);
  });

  it('refuses headers that may take longer than the whole request, along with every other problem', () => {
    const problems = problemsOf({ HTTP_HEADERS_TIMEOUT: '40s', HTTP_REQUEST_TIMEOUT: '30s', NODE_ENV: 'production' });
    expect(problems).to.have.length(2);
    expect(problems[1]).to.match(/^HTTP_HEADERS_TIMEOUT: must not be longer than HTTP_REQUEST_TIMEOUT/);
  });

  it('limits each user to MAX_TASKS_PER_USER tasks, 10,000 unless set', () => {
    expect(loadConfig({}).limits).to.deep.equal({ maxTasksPerUser: 10_000 });
    expect(loadConfig({ MAX_TASKS_PER_USER: '250' }).limits).to.deep.equal({ maxTasksPerUser: 250 });
    for (const bad of ['0', '-3', '2.5', 'lots', '1000000001']) {
      expect(problemsOf({ MAX_TASKS_PER_USER: bad }), bad).to.have.length(1).and.satisfy((problems: string[]) => problems[0]!.startsWith('MAX_TASKS_PER_USER:'));
    }
  });

  it('limits each user to MAX_LISTS_PER_USER lists, 500 unless set', () => {
    expect(loadConfig({}).listLimits).to.deep.equal({ maxListsPerUser: 500 });
    expect(loadConfig({ MAX_LISTS_PER_USER: '20' }).listLimits).to.deep.equal({ maxListsPerUser: 20 });
    for (const bad of ['0', '-3', '2.5', 'lots', '100001']) {
      expect(problemsOf({ MAX_LISTS_PER_USER: bad }), bad).to.have.length(1).and.satisfy((problems: string[]) => problems[0]!.startsWith('MAX_LISTS_PER_USER:'));
    }
  });

  it('keeps CHANGE_RETENTION_DAYS of changes, 30 unless set', () => {
    expect(loadConfig({}).changeRetentionDays).to.equal(30);
    expect(loadConfig({ CHANGE_RETENTION_DAYS: '7' }).changeRetentionDays).to.equal(7);
    for (const bad of ['0', '1.5', 'a month', '3651']) {
      expect(problemsOf({ CHANGE_RETENTION_DAYS: bad }), bad).to.have.length(1).and.satisfy((problems: string[]) => problems[0]!.startsWith('CHANGE_RETENTION_DAYS:'));
    }
  });

  it('says what a whole-number variable takes, in the same words whatever is wrong with it', () => {
    for (const bad of ['eighty', '80.5', '-1', '70000']) {
      expect(problemsOf({ PORT: bad }), bad).to.deep.equal(['PORT: PORT must be a whole number from 0 to 65535']);
    }
    expect(problemsOf({ DATABASE_POOL_MAX: '0' })).to.deep.equal(['DATABASE_POOL_MAX: DATABASE_POOL_MAX must be a whole number from 1 to 1000']);
    expect(problemsOf({ RATE_LIMIT_PER_MINUTE: '1.5' })).to.deep.equal(['RATE_LIMIT_PER_MINUTE: RATE_LIMIT_PER_MINUTE must be a whole number, 0 or more']);
    expect(problemsOf({ MAX_TASKS_PER_USER: 'none' })).to.deep.equal([
      'MAX_TASKS_PER_USER: MAX_TASKS_PER_USER must be a whole number from 1 to 1000000000',
    ]);
    expect(problemsOf({ CHANGE_RETENTION_DAYS: '0' })).to.deep.equal([
      'CHANGE_RETENTION_DAYS: CHANGE_RETENTION_DAYS must be a whole number of days from 1 to 3650',
    ]);
  });

  it('says what a duration variable takes: its range and its default as an example', () => {
    expect(problemsOf({ HTTP_HEADERS_TIMEOUT: '0' })).to.deep.equal(['HTTP_HEADERS_TIMEOUT: HTTP_HEADERS_TIMEOUT must be a duration from 100ms to 10m, e.g. 10s']);
    expect(problemsOf({ JWT_MAX_AGE: '90d' })).to.deep.equal(['JWT_MAX_AGE: JWT_MAX_AGE must be a duration from 1m to 30d, e.g. 24h']);
    expect(problemsOf({ JWT_CLOCK_TOLERANCE: '6m' })).to.deep.equal(['JWT_CLOCK_TOLERANCE: JWT_CLOCK_TOLERANCE must be a duration up to 5m, e.g. 30s']);
    expect(problemsOf({ DATABASE_STATEMENT_TIMEOUT: 'soon' })).to.deep.equal([
      'DATABASE_STATEMENT_TIMEOUT: DATABASE_STATEMENT_TIMEOUT must be a duration up to 1h, e.g. 15s (0 turns it off)',
    ]);
  });

  it('names every bad variable in one error', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      BETTER_AUTH_SECRET: 'short',
      BETTER_AUTH_URL: 'not a url',
      JWKS_URL: 'ftp://keys',
      JWT_CLOCK_TOLERANCE: 'forever',
      CORS_ORIGINS: 'http://ok.example,javascript:alert(1)',
      RATE_LIMIT_PER_MINUTE: '-1',
      LOG_LEVEL: 'loud',
      DATABASE_POOL_MAX: '0',
      DATABASE_STATEMENT_TIMEOUT: 'soon',
      DATABASE_LISTEN_URL: 'redis://x',
      RATE_LIMIT_ANON_PER_MINUTE: 'lots',
      TRUST_PROXY: 'yes',
      JWT_MAX_AGE: '90d',
      HTTP_HEADERS_TIMEOUT: '0',
      HTTP_REQUEST_TIMEOUT: '2h',
      HTTP_KEEP_ALIVE_TIMEOUT: 'idle',
      MAX_TASKS_PER_USER: 'none',
      CHANGE_RETENTION_DAYS: 'forever',
    });
    for (const name of [
      'PORT',
      'DATABASE_URL',
      'BETTER_AUTH_SECRET',
      'BETTER_AUTH_URL',
      'JWKS_URL',
      'JWT_CLOCK_TOLERANCE',
      'CORS_ORIGINS',
      'RATE_LIMIT_PER_MINUTE',
      'LOG_LEVEL',
      'DATABASE_POOL_MAX',
      'DATABASE_STATEMENT_TIMEOUT',
      'DATABASE_LISTEN_URL',
      'RATE_LIMIT_ANON_PER_MINUTE',
      'TRUST_PROXY',
      'JWT_MAX_AGE',
      'HTTP_HEADERS_TIMEOUT',
      'HTTP_REQUEST_TIMEOUT',
      'HTTP_KEEP_ALIVE_TIMEOUT',
      'MAX_TASKS_PER_USER',
      'CHANGE_RETENTION_DAYS',
    ]) {
      expect(problems.some((problem) => problem.startsWith(`${name}:`)), name).to.equal(true);
    }
    expect(problems.join('\n')).to.include('at least 32 bytes');
  });

  it('refuses production without authentication, saying what to set', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems[0]).to.include('BETTER_AUTH_URL').and.include('BETTER_AUTH_SECRET');
    expect(loadConfig({ NODE_ENV: 'production', BETTER_AUTH_URL: 'https://auth.example.com' }).production).to.equal(true);
  });

  it('writes durations in their largest whole unit', () => {
    expect(formatDurationSeconds(86_400)).to.equal('1d');
    expect(formatDurationSeconds(2 * 86_400)).to.equal('2d');
    expect(formatDurationSeconds(5400)).to.equal('90m');
    expect(formatDurationSeconds(3600)).to.equal('1h');
    expect(formatDurationSeconds(45)).to.equal('45s');
    expect(formatDurationSeconds(0.5)).to.equal('500ms');
  });

  it('parses durations', () => {
    expect(parseDurationSeconds('30s')).to.equal(30);
    expect(parseDurationSeconds('15m')).to.equal(900);
    expect(parseDurationSeconds('1h')).to.equal(3600);
    expect(parseDurationSeconds('500ms')).to.equal(0.5);
    expect(parseDurationSeconds('45')).to.equal(45);
    expect(parseDurationSeconds('soon')).to.equal(null);
  });

  it('hands processes that create the development secret at the same moment one and the same secret', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tasks-secret-'));
    try {
      const secrets = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateDevelopmentSecret(dataDir)));
      expect(new Set(secrets).size).to.equal(1);
      expect((await readFile(path.join(dataDir, 'dev-secret'), 'utf8')).trim()).to.equal(secrets[0]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('keeps one development secret across restarts, readable only by its owner', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tasks-secret-'));
    try {
      const first = await loadOrCreateDevelopmentSecret(dataDir);
      const second = await loadOrCreateDevelopmentSecret(dataDir);
      expect(first).to.equal(second);
      expect(Buffer.byteLength(first)).to.be.at.least(32);
      expect((await readFile(path.join(dataDir, 'dev-secret'), 'utf8')).trim()).to.equal(first);
      expect((await stat(path.join(dataDir, 'dev-secret'))).mode & 0o077).to.equal(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
