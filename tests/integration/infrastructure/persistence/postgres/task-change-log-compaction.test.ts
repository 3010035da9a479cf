import { taskChangeLogCompactionContract } from '../../../../support/contracts/task-change-log-compaction.contract.js';
import { freshPostgresAdapters } from '../../../../support/postgres-adapters.js';

describe('TaskChangeLogCompaction on PostgreSQL', () => {
  taskChangeLogCompactionContract(freshPostgresAdapters);
});
