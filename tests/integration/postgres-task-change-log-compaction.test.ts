/**
 * Compaction on PostgreSQL: the same rules as in memory, one statement per step, and safe while the owner's
 * writers, a purge or another instance's compaction run at the same time.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { TaskChangeCursor } from '../../src/application/changes/task-change.js';
import type { LoggedTaskChange } from '../../src/application/ports/task-change-log.js';
import { Task, TaskDescription, TaskId, TaskTitle, UserId } from '../../src/domain/index.js';
import { TaskChangeNotifier } from '../../src/infrastructure/events/task-change-notifier.js';
import { Database } from '../../src/infrastructure/persistence/postgres/database.js';
import { PostgresTaskRepository } from '../../src/infrastructure/persistence/postgres/write-path/postgres-task-repository.js';
import { PostgresUnitOfWork } from '../../src/infrastructure/persistence/postgres/write-path/postgres-unit-of-work.js';
import { PostgresUserTaskErasure } from '../../src/infrastructure/persistence/postgres/postgres-user-task-erasure.js';
import { PostgresTaskChangeLog } from '../../src/infrastructure/persistence/postgres/postgres-task-change-log.js';
import { PostgresTaskChangeLogCompaction } from '../../src/infrastructure/persistence/postgres/postgres-task-change-log-compaction.js';
import { PostgresTaskAdminReadModel } from '../../src/infrastructure/persistence/postgres/postgres-task-admin-read-model.js';
import { byId, replay } from '../support/change-replay.js';
import { testDatabaseUrl } from '../support/test-database.js';

const DAY = 24 * 60 * 60 * 1000;
const ALL = { until: Number.MAX_SAFE_INTEGER, maxChanges: 1000, dryRun: false };

describe('PostgresTaskChangeLogCompaction', () => {
  let database: Database;
  let repository: PostgresTaskRepository;
  let unitOfWork: PostgresUnitOfWork;
  let log: PostgresTaskChangeLog;
  let reads: PostgresTaskAdminReadModel;
  let compaction: PostgresTaskChangeLogCompaction;

  before(async () => {
    database = await Database.connect(await testDatabaseUrl());
    const notifier = new TaskChangeNotifier(database.session);
    repository = new PostgresTaskRepository(database.session, notifier);
    unitOfWork = new PostgresUnitOfWork(database.session);
    log = new PostgresTaskChangeLog(database.session);
    reads = new PostgresTaskAdminReadModel(database.session);
    compaction = new PostgresTaskChangeLogCompaction(database.session, notifier);
  });
  after(async () => {
    await database.close();
  });

  const newOwner = () => UserId.from(`compacted-${randomUUID()}`);
  const daysAgo = (days: number) => new Date(Date.now() - days * DAY);
  const create = async (owner: UserId, at: Date, title = 'Task') => {
    const task = Task.create({ id: TaskId.from(randomUUID()), owner, title: TaskTitle.from(title), description: TaskDescription.fromNullable(null), now: at });
    await unitOfWork.run(() => repository.persist(task));
    return task.id;
  };
  const change = (owner: UserId, id: TaskId, at: Date, how: (task: Task) => void) =>
    unitOfWork.run(async () => {
      const task = await repository.findOwned(owner, id);
      if (!task) return;
      how(task);
      await repository.persist(task);
    });
  const toggle = (owner: UserId, id: TaskId, at: Date) => change(owner, id, at, (task) => task.toggle(owner, at));
  const remove = (owner: UserId, id: TaskId, at: Date) => change(owner, id, at, (task) => task.delete(owner, at));
  const logOf = (owner: UserId) => log.readAfter(owner.value, 0, 10_000);
  const tasksOf = async (owner: UserId) => byId(await reads.allTasksOf(owner.value));
  const replayed = (changes: LoggedTaskChange[]) =>
    byId(replay(changes.map((change) => ({ ...change, id: TaskChangeCursor.encode(change.seq) }))).values());

  it('carries each kept task’s latest old change to the end, removes the rest, and marks how far', async () => {
    const owner = newOwner();
    const milk = await create(owner, daysAgo(40), 'Milk');
    const bread = await create(owner, daysAgo(40), 'Bread');
    await toggle(owner, milk, daysAgo(39));
    await remove(owner, bread, daysAgo(38));
    const eggs = await create(owner, daysAgo(1), 'Eggs');
    const before = await logOf(owner);

    const step = await compaction.compact(owner.value, daysAgo(30), ALL);

    expect(step).to.deep.equal({ busy: false, processed: 4, removed: 3, carried: 1 });
    const after = await logOf(owner);
    expect(after.map((entry) => [entry.seq, entry.type, entry.task_id])).to.deep.equal([
      [5, 'task.created', eggs.value],
      [6, 'task.completed', milk.value],
    ]);
    expect({ ...after[1], seq: 3 }).to.deep.equal(before[2]);
    expect(await log.position(owner.value)).to.deep.equal({ lastSeq: 6, erasedThrough: 0, compactedThrough: 4 });
    expect(replayed(after)).to.deep.equal(await tasksOf(owner));
    // Nothing old is left: another step does nothing.
    expect(await compaction.compact(owner.value, daysAgo(30), ALL)).to.deep.equal({ busy: false, processed: 0, removed: 0, carried: 0 });
  });

  it('works in steps of at most `maxChanges`, and never past `until`', async () => {
    const owner = newOwner();
    const id = await create(owner, daysAgo(50));
    for (let day = 49; day > 40; day--) await toggle(owner, id, daysAgo(day));
    const other = await create(owner, daysAgo(40));

    // Seq 1-10: the task and nine toggles; seq 11: the other task.
    expect(await compaction.compact(owner.value, daysAgo(30), { ...ALL, maxChanges: 4 })).to.deep.equal({ busy: false, processed: 4, removed: 4, carried: 0 });
    expect(await compaction.compact(owner.value, daysAgo(30), { ...ALL, until: 9 })).to.deep.equal({ busy: false, processed: 5, removed: 5, carried: 0 });
    expect((await log.position(owner.value)).compactedThrough).to.equal(9);
    expect(await compaction.compact(owner.value, daysAgo(30), { ...ALL, until: 11 })).to.deep.equal({ busy: false, processed: 2, removed: 0, carried: 2 });
    expect((await logOf(owner)).map((entry) => [entry.seq, entry.task_id])).to.deep.equal([
      [12, id.value],
      [13, other.value],
    ]);
    // What was carried forward is old, but lies after `until`: the same run leaves it be.
    expect(await compaction.compact(owner.value, daysAgo(30), { ...ALL, until: 11 })).to.deep.equal({ busy: false, processed: 0, removed: 0, carried: 0 });
    expect(replayed(await logOf(owner))).to.deep.equal(await tasksOf(owner));
  });

  it('changes nothing in a dry run, and answers what a real step would do', async () => {
    const owner = newOwner();
    const id = await create(owner, daysAgo(40));
    await toggle(owner, id, daysAgo(35));
    const before = await logOf(owner);

    const preview = await compaction.compact(owner.value, daysAgo(30), { ...ALL, dryRun: true });

    expect(await logOf(owner)).to.deep.equal(before);
    expect(await log.position(owner.value)).to.deep.equal({ lastSeq: 2, erasedThrough: 0, compactedThrough: 0 });
    expect(await compaction.compact(owner.value, daysAgo(30), ALL)).to.deep.equal(preview);
  });

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

  it('picks as candidates only owners whose log starts old and is at least half changes that no longer matter', async () => {
    const churned = newOwner();
    const id = await create(churned, daysAgo(40));
    await toggle(churned, id, daysAgo(40));
    const quiet = newOwner();
    await create(quiet, daysAgo(40));
    await create(quiet, daysAgo(40));
    const recent = newOwner();
    const fresh = await create(recent, daysAgo(1));
    await toggle(recent, fresh, daysAgo(1));
    const gone = newOwner();
    await remove(gone, await create(gone, daysAgo(40)), daysAgo(40));

    const owners = new Set<string>();
    for (let after = ''; ; ) {
      const page = await compaction.candidates(daysAgo(30), after, 500);
      for (const candidate of page) owners.add(candidate.ownerId);
      if (page.length < 500) break;
      after = page.at(-1)!.ownerId;
    }
    expect([churned, quiet, recent, gone].filter((owner) => owners.has(owner.value))).to.deep.equal([churned, gone]);
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
    const erasure = new PostgresUserTaskErasure(database.session);
    for (let round = 0; round < 8; round++) {
      const owner = newOwner();
      const id = await create(owner, daysAgo(40));
      for (let day = 39; day > 35; day--) await toggle(owner, id, daysAgo(day));
      await Promise.all([compaction.compact(owner.value, daysAgo(30), ALL), unitOfWork.run(() => erasure.erase(owner.value))]);
      expect(await logOf(owner), `round ${round}`).to.deep.equal([]);
      expect(await tasksOf(owner)).to.deep.equal([]);
    }
  });
});
