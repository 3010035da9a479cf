import { taskIdLookupContract } from '../../../../support/contracts/task-id-lookup.contract.js';
import { freshPostgresAdapters } from '../../../../support/postgres-adapters.js';

describe('TaskIdLookup on PostgreSQL', () => {
  taskIdLookupContract(freshPostgresAdapters);
});
