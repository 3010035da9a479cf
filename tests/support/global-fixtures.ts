import { stopTestDatabase } from './test-database.js';

/** Mocha global teardown: the test database is started lazily by the first test that needs it. */
export async function mochaGlobalTeardown(): Promise<void> {
  await stopTestDatabase();
}
