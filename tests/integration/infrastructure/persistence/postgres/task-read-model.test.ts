import { taskReadModelContract } from '../../../../support/contracts/task-read-model.contract.js';
import { freshPostgresAdapters } from '../../../../support/postgres-adapters.js';

describe('TaskReadModel on PostgreSQL', () => {
  taskReadModelContract(freshPostgresAdapters);
});
