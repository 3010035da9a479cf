import { PostgresTaskListRepository } from '../../../../../src/infrastructure/persistence/postgres/write-path/postgres-task-list-repository.js';
import { taskListRepositoryContract } from '../../../../support/contracts/task-list-repository.contract.js';
import { freshPostgresAdapters } from '../../../../support/postgres-adapters.js';

describe('TaskListRepository on PostgreSQL', () => {
  taskListRepositoryContract(async (limits) => {
    const { database, unitOfWork, notifier } = await freshPostgresAdapters();
    return { unitOfWork, lists: new PostgresTaskListRepository(database.session, notifier, limits) };
  });
});
