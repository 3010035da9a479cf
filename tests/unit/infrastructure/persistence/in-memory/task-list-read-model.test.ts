import { taskListReadModelContract } from '../../../../support/contracts/task-list-read-model.contract.js';
import { createInMemoryAdapters } from '../../../../support/in-memory-adapters.js';

describe('TaskListReadModel in memory', () => {
  taskListReadModelContract(async () => {
    const { unitOfWork, lists, listReadModel } = createInMemoryAdapters();
    return { unitOfWork, lists, readModel: listReadModel };
  });
});
