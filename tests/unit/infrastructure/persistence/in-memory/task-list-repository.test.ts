import { InMemoryTaskListRepository } from '../../../../../src/infrastructure/persistence/in-memory/in-memory-task-list-repository.js';
import { InMemoryTaskStore } from '../../../../../src/infrastructure/persistence/in-memory/in-memory-task-store.js';
import { InMemoryUnitOfWork } from '../../../../../src/infrastructure/persistence/in-memory/in-memory-unit-of-work.js';
import { taskListRepositoryContract } from '../../../../support/contracts/task-list-repository.contract.js';

describe('TaskListRepository in memory', () => {
  taskListRepositoryContract(async (limits) => {
    const store = new InMemoryTaskStore();
    return { unitOfWork: new InMemoryUnitOfWork(store), lists: new InMemoryTaskListRepository(store, limits) };
  });
});
