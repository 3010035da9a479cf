import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { UserId } from '../../../../../src/domain/index.js';
import { PostgresTaskListRepository } from '../../../../../src/infrastructure/persistence/postgres/write-path/postgres-task-list-repository.js';
import { taskListRepositoryContract } from '../../../../support/contracts/task-list-repository.contract.js';
import { freshPostgresAdapters, storeTestList } from '../../../../support/postgres-adapters.js';
import { TaskMother } from '../../../../support/task-mother.js';

describe('TaskListRepository on PostgreSQL', () => {
  taskListRepositoryContract(async (limits) => {
    const { unitOfWork, lists } = await freshPostgresAdapters(limits);
    return { unitOfWork, lists };
  });

  describe('holding a list for new tasks, locking', () => {
    // A locking unit holds the list it puts tasks in against a delete, and no more: a writer that already holds the
    // owner's stream row must still pass its new task's foreign key check on the list, or the two deadlock.
    for (const [name, hold] of [
      ['by id', (lists: PostgresTaskListRepository, owner: UserId) => lists.hasOwned(owner, TaskMother.listOf(owner))],
      ['as the inbox', (lists: PostgresTaskListRepository, owner: UserId) => lists.inboxIdOf(owner, () => { throw new Error('The inbox exists'); })],
    ] as const) {
      it(`lets other writers' tasks into the list while it holds it ${name}`, async () => {
        const { database, notifier } = await freshPostgresAdapters();
        const lists = new PostgresTaskListRepository(database.session, notifier);
        const owner = UserId.from(`holder-${randomUUID()}`);
        await storeTestList(database.session, owner);
        const session = database.session;

        await session.work(
          async (unit) => {
            await hold(lists.within(unit), owner);
            // Another connection: a foreign key check on the held row, which a `for update` would make wait.
            const inserted = await unit.autocommit<{ id: string }>({
              text: `insert into tasks (id, user_id, title, list_id, position, created_at, updated_at)
                     select $1::uuid, $2, 'Meanwhile', $3::uuid, 'a0', now(), now()
                     where set_config('lock_timeout', '2s', true) is not null returning id`,
              values: [randomUUID(), owner.value, TaskMother.listOf(owner).value],
            });
            expect(inserted).to.have.length(1);
          },
          { locking: true },
        );
      });
    }
  });
});
