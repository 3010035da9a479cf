import { idempotencyStoreContract } from '../../../../support/contracts/idempotency-store.contract.js';
import { createInMemoryAdapters } from '../../../../support/in-memory-adapters.js';

describe('IdempotencyStore in memory', () => {
  idempotencyStoreContract(async () => createInMemoryAdapters());
});
