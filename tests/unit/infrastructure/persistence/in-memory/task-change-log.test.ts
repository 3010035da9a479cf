import { taskChangeLogContract } from '../../../../support/contracts/task-change-log.contract.js';
import { createInMemoryAdapters } from '../../../../support/in-memory-adapters.js';

describe('TaskChangeLog in memory', () => {
  taskChangeLogContract(async () => createInMemoryAdapters());
});
