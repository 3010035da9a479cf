/**
 * A real PgBouncer in transaction mode in front of the test PostgreSQL, set up as the pooler section of
 * docs/operate/deploy-and-scale.md tells an operator to: `pgBouncerIni` renders the configuration that page shows,
 * `POOLED_SERVICE_SETTINGS` are the variables it says to set, and tests/docs/pooler-configuration.test.ts checks the
 * page against both. Only addresses, the database's name and file paths differ from the page's.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { acceptsConnections } from '../../src/infrastructure/persistence/embedded-database.js';
import { freePort } from '../../src/infrastructure/system/free-port.js';
import { createScratchDatabase, testDatabaseUrl } from './test-database.js';

/** What the page has the operator set besides the two URLs, and the statement timeout it puts on the database. */
export const POOLED_SERVICE_SETTINGS = { DATABASE_PREPARED_STATEMENTS: 'false', DATABASE_STATEMENT_TIMEOUT: '0' } as const;
export const DATABASE_STATEMENT_TIMEOUT_SETTING = '15s';

export interface PgBouncerSettings {
  /** Where PgBouncer listens. */
  readonly listenAddress: string;
  readonly listenPort: number;
  /** The PostgreSQL server and database it pools connections to; clients use the same database name. */
  readonly serverHost: string;
  readonly serverPort: number;
  readonly database: string;
  /** The file naming each role PgBouncer lets in, with its password. */
  readonly authFile: string;
}

/**
 * The pgbouncer.ini for `settings`: transaction pooling and SCRAM for clients. Nothing about prepared statements,
 * which PgBouncer before 1.21 cannot track: the service sends none (`DATABASE_PREPARED_STATEMENTS=false`).
 */
export function pgBouncerIni(settings: PgBouncerSettings): string {
  return [
    '[databases]',
    `${settings.database} = host=${settings.serverHost} port=${settings.serverPort} dbname=${settings.database}`,
    '',
    '[pgbouncer]',
    `listen_addr = ${settings.listenAddress}`,
    `listen_port = ${settings.listenPort}`,
    'unix_socket_dir =',
    'auth_type = scram-sha-256',
    `auth_file = ${settings.authFile}`,
    'pool_mode = transaction',
    'default_pool_size = 20',
    'max_client_conn = 500',
    '',
  ].join('\n');
}

/** Where a `pgbouncer` binary is: on PATH, or in the sbin directories Debian installs it to. */
export function findPgBouncer(): string {
  const directories = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin', '/usr/bin'];
  for (const directory of directories) {
    const candidate = path.join(directory, 'pgbouncer');
    if (directory && existsSync(candidate)) return candidate;
  }
  throw new Error(
    'PgBouncer is not installed, and these tests run the service behind a real one. Install it (Debian/Ubuntu: ' +
      '`apt-get install pgbouncer`) and run them again.',
  );
}

/** The installed PgBouncer's name and version, e.g. `PgBouncer 1.18.0`. */
export function pgBouncerVersion(): string {
  return execFileSync(findPgBouncer(), ['--version'], { encoding: 'utf8' }).split('\n')[0]!.trim();
}

export class PgBouncer {
  private output = '';
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly directory: string,
    /** The pooled URL: the server URL's role, password and database, with PgBouncer's address. */
    readonly url: string,
  ) {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    // Should the test run end without `stop` (a crash, a ^C), PgBouncer does not outlive it.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        process.removeListener('exit', killOnExit);
        resolve();
      }),
    );
  }

  /**
   * Starts PgBouncer in front of the database `serverUrl` names, in a temporary directory of its own. PgBouncer
   * refuses to run as root: as root it runs as the `postgres` user (which the embedded PostgreSQL runs as too).
   */
  static async start(serverUrl: string): Promise<PgBouncer> {
    const binary = findPgBouncer();
    const server = new URL(serverUrl);
    const database = decodeURIComponent(server.pathname.slice(1));
    const directory = await mkdtemp(path.join(os.tmpdir(), 'tasks-pgbouncer-'));
    // The `postgres` user PgBouncer runs as may enter and read its files, nobody may list them.
    await chmod(directory, 0o711);
    const listenPort = await freePort();
    const authFile = path.join(directory, 'userlist.txt');
    const ini = path.join(directory, 'pgbouncer.ini');
    const quoted = (value: string) => `"${value.replaceAll('"', '""')}"`;
    await writeFile(authFile, `${quoted(decodeURIComponent(server.username))} ${quoted(decodeURIComponent(server.password))}\n`, { mode: 0o644 });
    await writeFile(ini, pgBouncerIni({ listenAddress: '127.0.0.1', listenPort, serverHost: server.hostname, serverPort: Number(server.port || 5432), database, authFile }), { mode: 0o644 });

    const asRoot = process.getuid?.() === 0;
    const child = spawn(binary, [...(asRoot ? ['-u', 'postgres'] : []), ini], { stdio: ['ignore', 'pipe', 'pipe'] });
    const pooled = new URL(serverUrl);
    pooled.hostname = '127.0.0.1';
    pooled.port = String(listenPort);
    const bouncer = new PgBouncer(child, directory, pooled.toString());
    await bouncer.waitUntilListening(listenPort);
    return bouncer;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGINT'); // immediate shutdown
    await this.exited;
    await rm(this.directory, { recursive: true, force: true });
  }

  private async waitUntilListening(port: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        await rm(this.directory, { recursive: true, force: true });
        throw new Error(`PgBouncer exited before it listened:\n${this.output}`);
      }
      if (await acceptsConnections(port)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await this.stop();
    throw new Error(`PgBouncer did not listen on port ${port} within 10 s:\n${this.output}`);
  }
}

export interface PooledDatabase {
  /** A direct connection to the database, bypassing PgBouncer: what `DATABASE_LISTEN_URL` is set to. */
  readonly directUrl: string;
  /** The same database through PgBouncer: what `DATABASE_URL` is set to. */
  readonly pooledUrl: string;
  readonly pgBouncer: PgBouncer;
  /** The service's environment as the page has the operator write it. */
  serviceEnv(): Record<string, string>;
}

/**
 * For the enclosing `describe` block: an empty database of its own on the test server (not migrated: the first
 * service to start migrates it, through the pooler), with the statement timeout on the database as the page says,
 * and PgBouncer in front of it. Both go after the block's tests.
 */
export function usePooledDatabase(label: string): PooledDatabase {
  let scratch: { url: string; drop(): Promise<void> } | undefined;
  let bouncer: PgBouncer | undefined;
  before(async function () {
    this.timeout(60_000);
    findPgBouncer(); // fails at once, saying what to install, when it is missing
    scratch = await createScratchDatabase(await testDatabaseUrl(), label);
    const admin = new pg.Client({ connectionString: scratch.url });
    await admin.connect();
    try {
      const name = decodeURIComponent(new URL(scratch.url).pathname.slice(1));
      await admin.query(`alter database ${name} set statement_timeout = '${DATABASE_STATEMENT_TIMEOUT_SETTING}'`);
    } finally {
      await admin.end();
    }
    bouncer = await PgBouncer.start(scratch.url);
  });
  after(async () => {
    await bouncer?.stop();
    await scratch?.drop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The pooled database is used before its before() hook has run');
    return value;
  };
  return {
    get directUrl() {
      return started(scratch).url;
    },
    get pooledUrl() {
      return started(bouncer).url;
    },
    get pgBouncer() {
      return started(bouncer);
    },
    serviceEnv() {
      return { DATABASE_URL: this.pooledUrl, DATABASE_LISTEN_URL: this.directUrl, ...POOLED_SERVICE_SETTINGS };
    },
  };
}
