import { taskListRepositoryContract } from '../../../../support/contracts/task-list-repository.contract.js';
import { createInMemoryAdapters } from '../../../../support/in-memory-adapters.js';

describe('TaskListRepository in memory', () => {
  taskListRepositoryContract(async (limits) => {
    const { unitOfWork, lists } = createInMemoryAdapters(limits);
    return { unitOfWork, lists };
  });
});
