import { userTaskErasureContract } from '../../../../support/contracts/user-task-erasure.contract.js';
import { createInMemoryAdapters } from '../../../../support/in-memory-adapters.js';

describe('UserTaskErasure in memory', () => {
  userTaskErasureContract(async () => createInMemoryAdapters());
});
