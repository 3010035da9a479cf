/**
 * What only the operators' PostgreSQL adapters have to show: an erasure racing the owner's writers leaves no
 * task without its events, and the read-only migration status. What the adapters answer is their contracts'
 * (tests/support/contracts), run against them with every other adapter.
 */
import { TaskMother } from '../../../../support/task-mother.js';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { UnitOfWork } from '../../../../../src/application/ports/unit-of-work.js';
import { Task, TaskDescription, TaskId, TaskTitle, UserId } from '../../../../../src/domain/index.js';
import { Database } from '../../../../../src/infrastructure/persistence/postgres/database.js';
import { MIGRATIONS } from '../../../../../src/infrastructure/persistence/postgres/migration-list.js';
import { createPostgresAdapters } from '../../../../support/postgres-adapters.js';
import { testDatabaseUrl } from '../../../../support/test-database.js';

describe('PostgreSQL admin persistence: racing erasures and migration status', () => {
  let database: Database;
  let unitOfWork: UnitOfWork;

  before(async () => {
    database = await Database.connect(await testDatabaseUrl());
    ({ unitOfWork } = createPostgresAdapters(database.session));
  });
  after(async () => {
    await database.close();
  });

  const newOwner = (label: string) => UserId.from(`${label}-${randomUUID()}`);
  /** Creates a task as a command handler would: inside the unit of work, so a retried attempt starts afresh. */
  const store = (owner: UserId) =>
    unitOfWork.run(async (stores) => {
      const task = Task.create({ placement: TaskMother.placement(), listId: TaskMother.listOf(owner), id: TaskId.from(randomUUID()), owner, title: TaskTitle.from('Stored'), description: TaskDescription.from('d'), now: new Date() });
      await stores.tasks.persist(task);
      return task;
    });

  it('leaves tasks and events consistent when the owner creates tasks while being erased', async () => {
    const owner = newOwner('racing');
    const connection = database.orm.em.getConnection();
    for (let round = 0; round < 10; round++) {
      await Promise.all([
        ...Array.from({ length: 4 }, () => store(owner)),
        unitOfWork.run((stores) => stores.erasure.erase(owner.value)),
        ...Array.from({ length: 4 }, () => store(owner)),
      ]);

      // Whatever survived, survived whole: each task with its event, numbered without gaps after the erased part.
      const tasks = (await connection.execute('select id from tasks where user_id = ? order by id', [owner.value])) as { id: string }[];
      const events = (await connection.execute('select seq::int, task_id from task_events where user_id = ? order by seq', [owner.value])) as {
        seq: number;
        task_id: string;
      }[];
      expect(events.map((event) => event.task_id).sort(), `round ${round}`).to.deep.equal(tasks.map((task) => task.id));
      const [stream] = (await connection.execute('select last_seq::int, erased_through::int, task_count from task_event_streams where user_id = ?', [
        owner.value,
      ])) as { last_seq: number; erased_through: number; task_count: number }[];
      expect(events.map((event) => event.seq)).to.deep.equal(events.map((_, index) => stream!.erased_through + index + 1));
      expect(stream!.last_seq).to.equal(stream!.erased_through + events.length);
      expect(stream!.task_count, 'the task count').to.equal(tasks.length);
      await unitOfWork.run((stores) => stores.erasure.erase(owner.value));
    }
  });

  it('reports every migration as executed once migrated', async () => {
    const status = await database.migrationStatus();

    expect(status.map((migration) => migration.name)).to.deep.equal(MIGRATIONS.map((migration) => migration.name));
    for (const { executedAt } of status) {
      expect(executedAt).to.be.instanceOf(Date);
      expect(Number.isNaN(executedAt!.getTime())).to.equal(false);
    }
  });
});
