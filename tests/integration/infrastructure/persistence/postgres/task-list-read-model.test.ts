import { PostgresTaskListReadModel } from '../../../../../src/infrastructure/persistence/postgres/postgres-task-list-read-model.js';
import { PostgresTaskListRepository } from '../../../../../src/infrastructure/persistence/postgres/write-path/postgres-task-list-repository.js';
import { taskListReadModelContract } from '../../../../support/contracts/task-list-read-model.contract.js';
import { freshPostgresAdapters } from '../../../../support/postgres-adapters.js';

describe('TaskListReadModel on PostgreSQL', () => {
  taskListReadModelContract(async () => {
    const { database, unitOfWork, notifier } = await freshPostgresAdapters();
    return { unitOfWork, lists: new PostgresTaskListRepository(database.session, notifier), readModel: new PostgresTaskListReadModel(database.session) };
  });
});
