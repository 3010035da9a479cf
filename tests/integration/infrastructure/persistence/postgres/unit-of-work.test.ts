import { unitOfWorkContract } from '../../../../support/contracts/unit-of-work.contract.js';
import { freshPostgresAdapters } from '../../../../support/postgres-adapters.js';

describe('UnitOfWork on PostgreSQL', () => {
  unitOfWorkContract(freshPostgresAdapters);
});
