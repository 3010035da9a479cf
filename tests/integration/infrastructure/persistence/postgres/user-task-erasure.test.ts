import { userTaskErasureContract } from '../../../../support/contracts/user-task-erasure.contract.js';
import { freshPostgresAdapters } from '../../../../support/postgres-adapters.js';

describe('UserTaskErasure on PostgreSQL', () => {
  userTaskErasureContract(freshPostgresAdapters);
});
