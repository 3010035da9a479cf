/**
 * What only compaction on PostgreSQL has to show: a step stands back while a writer holds the owner's log, and
 * loses nothing while the owner's writers or a purge run at the same time. What a step does is the
 * `TaskChangeLogCompaction` contract's (tests/support/contracts), run against it with every other adapter.
 */
import { TaskMother } from '../../../../support/task-mother.js';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { TaskChangeCursor } from '../../../../../src/application/changes/task-change.js';
import type { TaskAdminReadModel } from '../../../../../src/application/ports/task-admin-read-model.js';
import type { LoggedChange, TaskChangeLog } from '../../../../../src/application/ports/task-change-log.js';
import type { TaskChangeLogCompaction } from '../../../../../src/application/ports/task-change-log-compaction.js';
import type { UnitOfWork } from '../../../../../src/application/ports/unit-of-work.js';
import { Task, TaskDescription, TaskId, TaskTitle, UserId } from '../../../../../src/domain/index.js';
import { Database } from '../../../../../src/infrastructure/persistence/postgres/database.js';
import { byId, replay } from '../../../../support/change-replay.js';
import { createPostgresAdapters } from '../../../../support/postgres-adapters.js';
import { testDatabaseUrl } from '../../../../support/test-database.js';

const DAY = 24 * 60 * 60 * 1000;
const ALL = { until: Number.MAX_SAFE_INTEGER, maxChanges: 1000, dryRun: false };

describe('PostgreSQL compaction: busy logs and races', () => {
  let database: Database;
  let unitOfWork: UnitOfWork;
  let log: TaskChangeLog;
  let reads: TaskAdminReadModel;
  let compaction: TaskChangeLogCompaction;

  before(async () => {
    database = await Database.connect(await testDatabaseUrl());
    ({ unitOfWork, changeLog: log, admin: reads, compaction } = createPostgresAdapters(database.session));
  });
  after(async () => {
    await database.close();
  });

  const newOwner = () => UserId.from(`compacted-${randomUUID()}`);
  const daysAgo = (days: number) => new Date(Date.now() - days * DAY);
  const create = async (owner: UserId, at: Date, title = 'Task') => {
    const task = Task.create({ placement: TaskMother.placement(), listId: TaskMother.listOf(owner), id: TaskId.from(randomUUID()), owner, title: TaskTitle.from(title), description: TaskDescription.fromNullable(null), now: at });
    await unitOfWork.run((stores) => stores.tasks.persist(task));
    return task.id;
  };
  const change = (owner: UserId, id: TaskId, at: Date, how: (task: Task) => void) =>
    unitOfWork.run(async (stores) => {
      const task = await stores.tasks.findOwned(owner, id);
      if (!task) return;
      how(task);
      await stores.tasks.persist(task);
    });
  const toggle = (owner: UserId, id: TaskId, at: Date) => change(owner, id, at, (task) => task.toggle(owner, at));
  const logOf = (owner: UserId) => log.readAfter(owner.value, 0, 10_000);
  const tasksOf = async (owner: UserId) => byId(await reads.allTasksOf(owner.value));
  const replayed = (changes: LoggedChange[]) =>
    byId(replay(changes.map((change) => ({ ...change, id: TaskChangeCursor.encode(change.seq) }))).values());

  it('does nothing, and says busy, while a writer holds the owner’s row', async () => {
    const owner = newOwner();
    const id = await create(owner, daysAgo(40));
    await toggle(owner, id, daysAgo(40));
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query('begin');
      await client.query('select 1 from task_event_streams where user_id = $1 for update', [owner.value]);
      expect(await compaction.compact(owner.value, daysAgo(30), ALL)).to.deep.equal({ busy: true, processed: 0, removed: 0, carried: 0 });
      await client.query('rollback');
    } finally {
      await client.end();
    }
    expect((await compaction.compact(owner.value, daysAgo(30), ALL)).busy).to.equal(false);
  });

  it('loses no change made while it runs: writers and compaction steps racing on one owner', async () => {
    const owner = newOwner();
    const ids = [];
    for (let index = 0; index < 6; index++) ids.push(await create(owner, daysAgo(60 - index)));
    for (let round = 0; round < 4; round++) for (const id of ids) await toggle(owner, id, daysAgo(50 - round));

    const writers = (async () => {
      for (let round = 0; round < 15; round++) {
        await Promise.all(ids.map((id) => toggle(owner, id, new Date())));
        if (round % 5 === 0) ids.push(await create(owner, new Date()));
      }
    })();
    let steps = 0;
    const compacting = (async () => {
      for (let round = 0; round < 40; round++) {
        const step = await compaction.compact(owner.value, daysAgo(30), { ...ALL, maxChanges: 3 });
        if (!step.busy) steps += 1;
      }
    })();
    await Promise.all([writers, compacting]);

    expect(steps).to.be.greaterThan(0);
    expect((await log.position(owner.value)).compactedThrough).to.be.greaterThan(0);
    const changes = await logOf(owner);
    expect(changes.map((entry) => entry.seq)).to.deep.equal(changes.map((_, index) => changes[0]!.seq + index));
    expect(replayed(changes)).to.deep.equal(await tasksOf(owner));
  });

  it('never brings back what a purge racing with it erased', async () => {
    for (let round = 0; round < 8; round++) {
      const owner = newOwner();
      const id = await create(owner, daysAgo(40));
      for (let day = 39; day > 35; day--) await toggle(owner, id, daysAgo(day));
      await Promise.all([compaction.compact(owner.value, daysAgo(30), ALL), unitOfWork.run((stores) => stores.erasure.erase(owner.value))]);
      expect(await logOf(owner), `round ${round}`).to.deep.equal([]);
      expect(await tasksOf(owner)).to.deep.equal([]);
    }
  });
});
