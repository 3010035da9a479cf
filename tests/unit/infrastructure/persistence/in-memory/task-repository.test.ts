import { taskRepositoryContract } from '../../../../support/contracts/task-repository.contract.js';
import { createInMemoryAdapters } from '../../../../support/in-memory-adapters.js';

describe('TaskRepository in memory', () => {
  taskRepositoryContract(async (options) => createInMemoryAdapters(options));
});
