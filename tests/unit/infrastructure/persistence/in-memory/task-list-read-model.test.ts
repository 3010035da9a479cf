import { InMemoryTaskListReadModel } from '../../../../../src/infrastructure/persistence/in-memory/in-memory-task-list-read-model.js';
import { InMemoryTaskListRepository } from '../../../../../src/infrastructure/persistence/in-memory/in-memory-task-list-repository.js';
import { InMemoryTaskStore } from '../../../../../src/infrastructure/persistence/in-memory/in-memory-task-store.js';
import { InMemoryUnitOfWork } from '../../../../../src/infrastructure/persistence/in-memory/in-memory-unit-of-work.js';
import { taskListReadModelContract } from '../../../../support/contracts/task-list-read-model.contract.js';

describe('TaskListReadModel in memory', () => {
  taskListReadModelContract(async () => {
    const store = new InMemoryTaskStore();
    const unitOfWork = new InMemoryUnitOfWork(store);
    const lists = new InMemoryTaskListRepository(store);
    return { unitOfWork, lists, readModel: new InMemoryTaskListReadModel(lists) };
  });
});
