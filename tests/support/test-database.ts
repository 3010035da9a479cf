/**
 * The PostgreSQL every persistence, HTTP and CLI test runs against: `DATABASE_URL` when set, otherwise a
 * throwaway embedded cluster started once for the whole run. Migrations are applied once.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createLogger } from '../../src/infrastructure/logging/logger.js';
import { EmbeddedDatabase } from '../../src/infrastructure/persistence/embedded-database.js';
import { Database } from '../../src/infrastructure/persistence/postgres/database.js';

interface TestDatabase {
  url: string;
  dataDir: string | null;
  embedded: EmbeddedDatabase | null;
}

let started: Promise<TestDatabase> | null = null;

export function testDatabaseUrl(): Promise<string> {
  started ??= startTestDatabase();
  return started.then((database) => database.url);
}

async function startTestDatabase(): Promise<TestDatabase> {
  const logger = createLogger('silent');
  let database: TestDatabase;
  if (process.env.DATABASE_URL) {
    database = { url: process.env.DATABASE_URL, dataDir: null, embedded: null };
  } else {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tasks-test-'));
    await chmod(dataDir, 0o755);
    const embedded = await EmbeddedDatabase.start(dataDir, logger);
    database = { url: embedded.url, dataDir, embedded };
  }
  const connection = await Database.connect(database.url);
  try {
    await connection.migrate();
  } finally {
    await connection.close();
  }
  return database;
}

/** Stops the embedded cluster (if one was started) and removes its files. */
export async function stopTestDatabase(): Promise<void> {
  if (!started) return;
  const database = await started;
  started = null;
  await database.embedded?.stop();
  if (database.dataDir) await rm(database.dataDir, { recursive: true, force: true });
}

/** A database of its own on the server behind `baseUrl` (dropped by `drop`), for a service given DATABASE_URL. */
export async function createScratchDatabase(baseUrl: string, label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `tasks_${label}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } catch (error) {
    await admin.end();
    if ((error as { code?: string }).code === '42501') {
      throw new Error('These tests need a DATABASE_URL whose role may create databases (CREATEDB)', { cause: error });
    }
    throw error;
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      try {
        await admin.query(`drop database if exists ${name} with (force)`);
      } finally {
        await admin.end();
      }
    },
  };
}
