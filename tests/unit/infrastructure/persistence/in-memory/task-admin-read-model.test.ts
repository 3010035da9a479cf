import { taskAdminReadModelContract } from '../../../../support/contracts/task-admin-read-model.contract.js';
import { createInMemoryAdapters } from '../../../../support/in-memory-adapters.js';

describe('TaskAdminReadModel in memory', () => {
  taskAdminReadModelContract(async () => createInMemoryAdapters());
});
