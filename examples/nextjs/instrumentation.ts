/** Runs once when the Next.js server starts: Better Auth's tables must exist before anyone signs up. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { migrateAuthDatabase } = await import('./lib/auth-migrations');
    await migrateAuthDatabase();
  }
}
