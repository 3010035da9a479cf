import { dropContractDatabase } from './postgres-adapters.js';
import { stopTestDatabase } from './test-database.js';

/** Mocha global teardown: the test database is started lazily by the first test that needs it. */
export async function mochaGlobalTeardown(): Promise<void> {
  try {
    await dropContractDatabase();
  } finally {
    await stopTestDatabase();
  }
}
