import { taskIdLookupContract } from '../../../../support/contracts/task-id-lookup.contract.js';
import { createInMemoryAdapters } from '../../../../support/in-memory-adapters.js';

describe('TaskIdLookup in memory', () => {
  taskIdLookupContract(async () => createInMemoryAdapters());
});
