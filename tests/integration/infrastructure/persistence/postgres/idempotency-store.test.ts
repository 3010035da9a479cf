import { idempotencyStoreContract } from '../../../../support/contracts/idempotency-store.contract.js';
import { freshPostgresAdapters } from '../../../../support/postgres-adapters.js';

describe('IdempotencyStore on PostgreSQL', () => {
  idempotencyStoreContract(freshPostgresAdapters);
});
