/** Creates or updates Better Auth's tables (users, sessions, accounts, keys) before the first request. */
import { getMigrations } from 'better-auth/db/migration';
import { auth } from './auth';

export async function migrateAuthDatabase(): Promise<void> {
  if (!process.env.DATABASE_URL) {
    throw new Error('DATABASE_URL must name the PostgreSQL database Better Auth keeps its users in');
  }
  const { runMigrations } = await getMigrations(auth.options);
  await runMigrations();
}
