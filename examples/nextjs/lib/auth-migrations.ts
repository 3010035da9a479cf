/** Creates or updates Better Auth's tables (users, sessions, accounts, keys) before the first request. */
import { getMigrations } from 'better-auth/db/migration';
import { auth } from './auth';

export async function migrateAuthDatabase(): Promise<void> {
  const { runMigrations } = await getMigrations(auth.options);
  await runMigrations();
}
