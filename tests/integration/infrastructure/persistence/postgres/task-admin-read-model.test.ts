import { taskAdminReadModelContract } from '../../../../support/contracts/task-admin-read-model.contract.js';
import { freshPostgresAdapters } from '../../../../support/postgres-adapters.js';

describe('TaskAdminReadModel on PostgreSQL', () => {
  taskAdminReadModelContract(freshPostgresAdapters);
});
