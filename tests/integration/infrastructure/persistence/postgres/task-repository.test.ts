import { taskRepositoryContract } from '../../../../support/contracts/task-repository.contract.js';
import { freshPostgresAdapters } from '../../../../support/postgres-adapters.js';

describe('TaskRepository on PostgreSQL', () => {
  taskRepositoryContract(freshPostgresAdapters);
});
