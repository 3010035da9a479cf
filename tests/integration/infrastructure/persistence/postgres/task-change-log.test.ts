import { taskChangeLogContract } from '../../../../support/contracts/task-change-log.contract.js';
import { freshPostgresAdapters } from '../../../../support/postgres-adapters.js';

describe('TaskChangeLog on PostgreSQL', () => {
  taskChangeLogContract(freshPostgresAdapters);
});
