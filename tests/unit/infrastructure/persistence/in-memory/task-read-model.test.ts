import { taskReadModelContract } from '../../../../support/contracts/task-read-model.contract.js';
import { createInMemoryAdapters } from '../../../../support/in-memory-adapters.js';

describe('TaskReadModel in memory', () => {
  taskReadModelContract(async () => createInMemoryAdapters());
});
