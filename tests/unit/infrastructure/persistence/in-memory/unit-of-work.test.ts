import { unitOfWorkContract } from '../../../../support/contracts/unit-of-work.contract.js';
import { createInMemoryAdapters } from '../../../../support/in-memory-adapters.js';

describe('UnitOfWork in memory', () => {
  unitOfWorkContract(async () => createInMemoryAdapters());
});
