import { taskChangeLogCompactionContract } from '../../../../support/contracts/task-change-log-compaction.contract.js';
import { createInMemoryAdapters } from '../../../../support/in-memory-adapters.js';

describe('TaskChangeLogCompaction in memory', () => {
  taskChangeLogCompactionContract(async () => createInMemoryAdapters());
});
