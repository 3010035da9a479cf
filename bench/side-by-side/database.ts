/**
 * The PostgreSQL both servers use: DATABASE_URL when set (the service uses its database, the floor
 * `tasks_floor` on the same server), else an embedded one in the run's temporary directory.
 */
import { chmod } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { acceptsConnections, EmbeddedDatabase } from '../../src/infrastructure/persistence/embedded-database.js';
import { atCleanup, isInterrupted, within } from './lifecycle.js';
import { progress } from './report.js';

const FLOOR_DATABASE = 'tasks_floor';

export interface Databases {
  readonly serviceUrl: string;
  readonly floorUrl: string;
  /** Connections of the benchmark's own, for seeding, ANALYZE and checks. */
  readonly serviceDb: pg.Client;
  readonly floorDb: pg.Client;
  readonly embedded: boolean;
}

/** Both databases, created when missing, and a connection to each; all of it is undone at clean-up. */
export async function openDatabases(work: string): Promise<Databases> {
  let serviceUrl = process.env.DATABASE_URL;
  const embedded = !serviceUrl;
  if (!serviceUrl) {
    progress('starting an embedded PostgreSQL…');
    await chmod(work, 0o755);
    const database = await EmbeddedDatabase.start(path.join(work, 'postgres-data'), pino({ level: 'silent' }));
    // After a Ctrl-C in the terminal PostgreSQL has had its own SIGINT: stopping it again would wait forever.
    const port = Number(new URL(database.url).port);
    atCleanup(async () => (await acceptsConnections(port)) && within(database.stop(), 30_000));
    serviceUrl = database.url;
  }
  const floorUrl = withDatabase(serviceUrl, FLOOR_DATABASE);
  await ensureDatabase(serviceUrl);
  await ensureDatabase(floorUrl);
  assertLoopback(serviceUrl);

  const serviceDb = new pg.Client({ connectionString: serviceUrl });
  const floorDb = new pg.Client({ connectionString: floorUrl });
  // A PostgreSQL that goes away (Ctrl-C reaches it too) must not crash us before we have cleaned up.
  for (const client of [serviceDb, floorDb]) client.on('error', (error) => isInterrupted() || progress(`database connection: ${error.message}`));
  await serviceDb.connect();
  atCleanup(() => serviceDb.end());
  await floorDb.connect();
  atCleanup(() => floorDb.end());
  return { serviceUrl, floorUrl, serviceDb, floorDb, embedded };
}

async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  target.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: target.toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
}

function withDatabase(url: string, database: string): string {
  const target = new URL(url);
  target.pathname = `/${database}`;
  return target.toString();
}

function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host)) {
    progress(`note: PostgreSQL is on ${host}, not this machine; the servers themselves are only reached on 127.0.0.1`);
  }
}
