/**
 * What every `TaskRepository` does: stores a task with the events it recorded, finds it for its owner only,
 * lets no stale copy overwrite a newer change, queues concurrent changes made in units of work, and keeps each
 * owner within `maxTasksPerUser`.
 */
import { TaskMother } from '../task-mother.js';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import {
  Position,
  Task,
  TaskDueDate,
  TaskId,
  TaskLabels,
  TaskLimitReachedError,
  TaskPriority,
  TaskRepeat,
  TaskTitle,
  TaskVersionMismatchError,
  type UserId,
} from '../../../src/domain/index.js';
import type { UnitStores } from '../../../src/application/ports/unit-of-work.js';
import { expectRejection } from '../expect-rejection.js';
import {
  ALICE,
  BOB,
  minutesLater,
  NOW,
  taskFrom,
  TaskWrites,
  type PersistenceAdapters,
  type PersistenceFixtureOptions,
} from './persistence-fixture.js';

export type TaskRepositoryFixture = Pick<PersistenceAdapters, 'repository' | 'unitOfWork' | 'readModel' | 'changeLog' | 'erasure'>;

const LIMIT = 5;

export function taskRepositoryContract(fixture: (options?: PersistenceFixtureOptions) => Promise<TaskRepositoryFixture>): void {
  let adapters: TaskRepositoryFixture;
  let writes: TaskWrites;

  beforeEach(async () => {
    adapters = await fixture();
    writes = new TaskWrites(adapters);
  });

  const later = minutesLater(1);
  const save = (task: Task) => adapters.unitOfWork.run((stores) => stores.tasks.persist(task));
  const find = (owner: UserId, id: TaskId) => adapters.unitOfWork.run((stores) => stores.tasks.findOwned(owner, id));
  const changesOf = async (owner: UserId) =>
    (await adapters.changeLog.readAfter(owner.value, 0, 1000)).map((change) => [change.seq, change.type, change.task_id]);
  const newTask = (options: { id?: TaskId; owner?: UserId; title?: string } = {}) =>
    Task.create({ placement: TaskMother.placement(), listId: TaskMother.listOf(options.owner ?? ALICE), id: options.id ?? TaskId.from(randomUUID()), owner: options.owner ?? ALICE, title: TaskTitle.from(options.title ?? 'Buy milk'), description: null, now: NOW });

  it('stores a new task together with its creation event, taking the events from the task', async () => {
    const task = newTask();

    await save(task);

    expect(await adapters.readModel.findOne(ALICE.value, task.id.value)).to.include({ title: 'Buy milk', version: 1 });
    expect(await changesOf(ALICE)).to.deep.equal([[1, 'task.created', task.id.value]]);
    const [created] = await adapters.changeLog.readAfter(ALICE.value, 0, 10);
    expect(created!.task).to.include({ id: task.id.value, title: 'Buy milk', version: 1 });
    expect(task.pullDomainEvents(), 'events are taken from the task').to.deep.equal([]);
  });

  it('finds the owner’s task, rebuilt with nothing recorded', async () => {
    const task = taskFrom({ title: 'Dated', description: 'With all fields', dueDate: '2026-12-24', priority: 'high', completed: true, updatedAt: later });
    await save(task);

    const found = await find(ALICE, task.id);

    expect(found?.snapshot()).to.deep.equal(task.snapshot());
    expect(found?.pullDomainEvents()).to.deep.equal([]);
    // Found, not new: a change to it is an update of the stored task, not a second insert.
    found!.toggle(ALICE, later);
    await save(found!);
    expect(await adapters.readModel.findOne(ALICE.value, task.id.value)).to.include({ version: 2, completed: false });
  });

  it('finds nothing for another owner or an unknown id', async () => {
    const task = newTask();
    await save(task);

    expect(await find(BOB, task.id)).to.equal(null);
    expect(await find(ALICE, TaskId.from(randomUUID()))).to.equal(null);
  });

  it('stores a change and its events, numbering the owner’s events without gaps', async () => {
    await save(newTask());
    const task = newTask();
    await save(task);
    await save(newTask({ owner: BOB }));

    await writes.change(ALICE, task.id, (loaded) => loaded.change(ALICE, { title: TaskTitle.from('Renamed'), completed: true }, later));

    expect(await adapters.readModel.findOne(ALICE.value, task.id.value)).to.include({ title: 'Renamed', completed: true, version: 2 });
    expect((await changesOf(ALICE)).map(([seq, type]) => [seq, type])).to.deep.equal([
      [1, 'task.created'],
      [2, 'task.created'],
      [3, 'task.updated'],
      [4, 'task.completed'],
    ]);
    expect((await changesOf(BOB)).map(([seq]) => seq)).to.deep.equal([1]);
  });

  it('removes a deleted task and records its deletion, without the task', async () => {
    const task = newTask();
    await save(task);

    await writes.remove(ALICE, task.id, later);

    expect(await find(ALICE, task.id)).to.equal(null);
    expect(await adapters.readModel.findOne(ALICE.value, task.id.value)).to.equal(null);
    const changes = await adapters.changeLog.readAfter(ALICE.value, 0, 10);
    expect(changes.map((change) => change.type)).to.deep.equal(['task.created', 'task.deleted']);
    expect(changes[1]).to.include({ task_id: task.id.value, task: null });
  });

  it('keeps due dates and priorities, in every read and in the events', async () => {
    const task = taskFrom({ dueDate: '9999-12-31', priority: 'high' });
    await save(task);
    expect(await adapters.readModel.findOne(ALICE.value, task.id.value)).to.include({ due_date: '9999-12-31', priority: 'high' });

    await writes.change(ALICE, task.id, (loaded) => {
      expect(loaded.snapshot()).to.deep.equal(task.snapshot());
      loaded.change(ALICE, { dueDate: TaskDueDate.from('1900-01-01'), priority: TaskPriority.from('low') }, later);
    });
    expect(await adapters.readModel.findOne(ALICE.value, task.id.value)).to.include({ due_date: '1900-01-01', priority: 'low', version: 2 });

    await writes.change(ALICE, task.id, (loaded) => loaded.change(ALICE, { dueDate: null, priority: TaskPriority.NONE }, later));
    expect(await adapters.readModel.findOne(ALICE.value, task.id.value)).to.include({ due_date: null, priority: 'none', version: 3 });
    const changes = await adapters.changeLog.readAfter(ALICE.value, 0, 10);
    expect(changes.map((change) => [change.task?.due_date, change.task?.priority])).to.deep.equal([
      ['9999-12-31', 'high'],
      ['1900-01-01', 'low'],
      [null, 'none'],
    ]);
  });

  it('keeps a repeat and what it counts from, in every read and in the events, through a completion that moves it on', async () => {
    const task = taskFrom({ dueDate: '2026-12-07', repeat: 'FREQ=WEEKLY;COUNT=3;BYDAY=MO', repeatFrom: 'completion' });
    await save(task);
    expect(await adapters.readModel.findOne(ALICE.value, task.id.value)).to.include({ repeat: 'FREQ=WEEKLY;COUNT=3;BYDAY=MO', repeat_from: 'completion' });

    await writes.change(ALICE, task.id, (loaded) => {
      expect(loaded.snapshot()).to.deep.equal(task.snapshot());
      loaded.complete(ALICE, later, TaskDueDate.from('2026-12-09'));
    });
    expect(await adapters.readModel.findOne(ALICE.value, task.id.value)).to.include({
      repeat: 'FREQ=WEEKLY;COUNT=2;BYDAY=MO',
      due_date: '2026-12-14',
      completed: false,
      version: 2,
    });
    await writes.change(ALICE, task.id, (loaded) => loaded.change(ALICE, { repeat: TaskRepeat.from('FREQ=DAILY'), repeatFrom: 'due' }, later));
    await writes.change(ALICE, task.id, (loaded) => loaded.change(ALICE, { dueDate: null }, later));
    expect(await adapters.readModel.findOne(ALICE.value, task.id.value)).to.include({ repeat: null, repeat_from: 'due', due_date: null });
    const changes = await adapters.changeLog.readAfter(ALICE.value, 0, 10);
    expect(changes.map((change) => [change.type, change.task?.repeat, change.task?.repeat_from, change.task?.due_date])).to.deep.equal([
      ['task.created', 'FREQ=WEEKLY;COUNT=3;BYDAY=MO', 'completion', '2026-12-07'],
      ['task.repeated', 'FREQ=WEEKLY;COUNT=2;BYDAY=MO', 'completion', '2026-12-14'],
      ['task.updated', 'FREQ=DAILY', 'due', '2026-12-14'],
      ['task.updated', null, 'due', null],
    ]);
  });

  it('keeps labels as given and their keys, in every read and in the events', async () => {
    // Names an array literal would have to quote: they come back as given.
    const tricky = ['Work', 'Straße', 'a,b', '{x}', 'say "hi"', 'back\\slash', 'NULL', 'spaced  out'];
    const task = taskFrom({ labels: tricky });
    await save(task);
    expect(await adapters.readModel.findOne(ALICE.value, task.id.value)).to.deep.include({ labels: tricky });
    expect((await adapters.readModel.labels(ALICE.value)).map((label) => label.name)).to.have.members(tricky);

    await writes.change(ALICE, task.id, (loaded) => {
      expect(loaded.snapshot()).to.deep.equal(task.snapshot());
      loaded.label(ALICE, TaskLabels.from(['home']), later);
    });
    const found = await find(ALICE, task.id);
    expect(found?.labels.values).to.deep.equal(['home']);
    const changes = await adapters.changeLog.readAfter(ALICE.value, 0, 10);
    expect(changes.map((change) => change.task?.labels)).to.deep.equal([tricky, ['home']]);
  });

  it('finds the owner’s tasks with any of some labels, whatever their spelling, by id and at most as many as asked', async () => {
    const ids = ['00000000-0000-7000-8000-000000000003', '00000000-0000-7000-8000-000000000001', '00000000-0000-7000-8000-000000000002'];
    await save(taskFrom({ id: ids[0], labels: ['WORK'] }));
    await save(taskFrom({ id: ids[1], labels: ['home', 'Work'] }));
    await save(taskFrom({ id: ids[2], labels: ['other'] }));
    await save(taskFrom({ owner: BOB, labels: ['work'] }));
    const found = (keys: string[], limit = 10) =>
      adapters.unitOfWork.run(async (stores) => (await stores.tasks.findOwnedWithLabels(ALICE, keys, limit)).map((task) => task.id.value));

    expect(await found(['work'])).to.deep.equal([ids[1], ids[0]]);
    expect(await found(['work', 'other'])).to.deep.equal([ids[1], ids[2], ids[0]]);
    expect(await found(['work', 'other'], 2)).to.deep.equal([ids[1], ids[2]]);
    expect(await found(['nothing'])).to.deep.equal([]);

    // Loaded, not new: each changes as an update of the stored task.
    await adapters.unitOfWork.run(async (stores) => {
      for (const task of await stores.tasks.findOwnedWithLabels(ALICE, ['work'], 10)) {
        task.removeLabel(ALICE, 'work', later);
        await stores.tasks.persist(task);
      }
    });
    expect(await found(['work'])).to.deep.equal([]);
    expect(await adapters.readModel.findOne(ALICE.value, ids[1]!)).to.deep.include({ labels: ['home'], version: 2 });
  });

  it('writes nothing for a task that has not changed, so it cannot overwrite a newer one', async () => {
    const task = newTask();
    await save(task);
    const unchanged = (await find(ALICE, task.id))!;
    await writes.change(ALICE, task.id, (loaded) => loaded.rename(ALICE, TaskTitle.from('Buy oat milk'), later));

    await save(unchanged);

    expect(await adapters.readModel.findOne(ALICE.value, task.id.value)).to.include({ title: 'Buy oat milk', version: 2 });
    expect(await changesOf(ALICE)).to.have.length(2);
  });

  describe('copies older than the stored task', () => {
    it('refuses a change made to a copy older than the stored task', async () => {
      const task = newTask();
      await save(task);
      const first = (await find(ALICE, task.id))!;
      const second = (await find(ALICE, task.id))!;
      first.rename(ALICE, TaskTitle.from('First'), later);
      second.rename(ALICE, TaskTitle.from('Second'), later);
      await adapters.repository.persist(first);

      await expectRejection(adapters.repository.persist(second), Error);

      expect(await adapters.readModel.findOne(ALICE.value, task.id.value)).to.include({ title: 'First', version: 2 });
      expect(await changesOf(ALICE)).to.have.length(2);
    });

    it('refuses a stale copy however many changes it made since it was loaded', async () => {
      const task = newTask();
      await save(task);
      const stale = (await find(ALICE, task.id))!;
      await writes.change(ALICE, task.id, (fresh) => fresh.complete(ALICE, later));
      stale.rename(ALICE, TaskTitle.from('One'), later);
      stale.rename(ALICE, TaskTitle.from('Two'), later);

      await expectRejection(adapters.repository.persist(stale), Error);

      expect(await adapters.readModel.findOne(ALICE.value, task.id.value)).to.include({ title: 'Buy milk', completed: true, version: 2 });
      expect(await changesOf(ALICE)).to.have.length(2);
    });

    it('refuses to delete through a copy a task another copy already deleted', async () => {
      const task = newTask();
      await save(task);
      const second = (await find(ALICE, task.id))!;
      await writes.remove(ALICE, task.id, later);
      second.delete(ALICE, later);

      await expectRejection(adapters.repository.persist(second), Error);

      expect((await changesOf(ALICE)).map(([, type]) => type)).to.deep.equal(['task.created', 'task.deleted']);
    });

    it('refuses a second task under an id already taken, by the same owner or another', async () => {
      const id = TaskId.from(randomUUID());
      await save(newTask({ id, title: 'Original' }));

      await expectRejection(save(newTask({ id, title: 'Impostor' })), Error);
      await expectRejection(save(newTask({ id, owner: BOB })), Error);

      expect(await adapters.readModel.findOne(ALICE.value, id.value)).to.include({ title: 'Original', user_id: ALICE.value });
      expect(await adapters.readModel.findOne(BOB.value, id.value)).to.equal(null);
      expect(await changesOf(ALICE)).to.have.length(1);
      expect(await changesOf(BOB)).to.deep.equal([]);
      expect(await adapters.changeLog.position(BOB.value)).to.deep.equal({ lastSeq: 0, erasedThrough: 0, compactedThrough: 0 });
    });
  });

  describe('in units of work', () => {
    it('queues concurrent changes to one task instead of losing either', async () => {
      const task = newTask();
      await save(task);

      await Promise.all([
        writes.change(ALICE, task.id, (loaded) => loaded.rename(ALICE, TaskTitle.from('Renamed'), later)),
        writes.change(ALICE, task.id, (loaded) => loaded.complete(ALICE, later)),
        writes.change(ALICE, task.id, (loaded) => loaded.prioritize(ALICE, TaskPriority.from('high'), later)),
      ]);

      expect(await adapters.readModel.findOne(ALICE.value, task.id.value)).to.include({ title: 'Renamed', completed: true, priority: 'high', version: 4 });
      expect((await changesOf(ALICE)).map(([seq]) => seq)).to.deep.equal([1, 2, 3, 4]);
    });

    it('judges a version precondition against the stored task', async () => {
      const task = newTask();
      await save(task);
      await writes.change(ALICE, task.id, (loaded) => loaded.complete(ALICE, later));

      await expectRejection(
        writes.change(ALICE, task.id, (loaded) => {
          loaded.assertVersion(1);
          loaded.rename(ALICE, TaskTitle.from('Too late'), later);
        }),
        TaskVersionMismatchError,
      );
      await writes.change(ALICE, task.id, (loaded) => {
        loaded.assertVersion([1, 2]);
        loaded.rename(ALICE, TaskTitle.from('In time'), later);
      });

      expect(await adapters.readModel.findOne(ALICE.value, task.id.value)).to.include({ title: 'In time', version: 3 });
    });
  });

  describe(`the per-user task limit (maxTasksPerUser = ${LIMIT})`, () => {
    beforeEach(async () => {
      adapters = await fixture({ maxTasksPerUser: LIMIT });
      writes = new TaskWrites(adapters);
    });

    const create = (owner: UserId = ALICE) => save(newTask({ owner }));
    const fill = async (owner: UserId, count: number) => {
      for (let index = 0; index < count; index++) await create(owner);
    };
    const tasksOf = async (owner: UserId) => (await adapters.readModel.stats(owner.value, '2026-11-25')).total;

    it('refuses a create at the limit with TaskLimitReachedError, writing nothing, for that owner only', async () => {
      await fill(ALICE, LIMIT);

      const error = await expectRejection(create(), TaskLimitReachedError);

      expect(error.limit).to.equal(LIMIT);
      expect(await tasksOf(ALICE)).to.equal(LIMIT);
      expect(await changesOf(ALICE)).to.have.length(LIMIT);
      await create(BOB);
      expect(await tasksOf(BOB)).to.equal(1);
    });

    it('lets exactly one of ten concurrent creates through at one below the limit', async () => {
      await fill(ALICE, LIMIT - 1);

      const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => create()));

      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).to.have.length(1);
      for (const outcome of outcomes.filter((outcome) => outcome.status === 'rejected')) {
        expect((outcome as PromiseRejectedResult).reason).to.be.instanceOf(TaskLimitReachedError);
      }
      // Nothing of a refused create was written: no task, no event.
      expect(await tasksOf(ALICE)).to.equal(LIMIT);
      expect(await changesOf(ALICE)).to.have.length(LIMIT);
    });

    it('still lets the owner change and delete tasks at the limit', async () => {
      const first = newTask();
      await save(first);
      await fill(ALICE, LIMIT - 1);

      await writes.change(ALICE, first.id, (task) => task.complete(ALICE, later));
      await writes.remove(ALICE, first.id, later);

      expect(await tasksOf(ALICE)).to.equal(LIMIT - 1);
    });

    it('counts a delete, so a create fits again', async () => {
      const first = newTask();
      await save(first);
      await fill(ALICE, LIMIT - 1);
      await expectRejection(create(), TaskLimitReachedError);

      await writes.remove(ALICE, first.id, later);
      expect(await tasksOf(ALICE)).to.equal(LIMIT - 1);
      expect(await changesOf(ALICE)).to.have.length(LIMIT + 1);

      await create();
      expect(await tasksOf(ALICE)).to.equal(LIMIT);
      await expectRejection(create(), TaskLimitReachedError);
    });

    it('refuses a unit of work of creates that would cross the limit as a whole (an import)', async () => {
      await create();

      await expectRejection(
        adapters.unitOfWork.run(async (stores) => {
          for (let index = 0; index < LIMIT; index++) await stores.tasks.persist(newTask());
        }),
        TaskLimitReachedError,
      );

      expect(await tasksOf(ALICE)).to.equal(1);
      expect(await changesOf(ALICE)).to.have.length(1);
      await adapters.unitOfWork.run(async (stores) => {
        for (let index = 1; index < LIMIT; index++) await stores.tasks.persist(newTask());
      });
      expect(await tasksOf(ALICE)).to.equal(LIMIT);
      expect(await changesOf(ALICE)).to.have.length(LIMIT);
      await expectRejection(create(), TaskLimitReachedError);
    });

    it('starts the count again from 0 after the owner’s data is erased', async () => {
      await fill(ALICE, LIMIT);

      await adapters.unitOfWork.run((stores) => stores.erasure.erase(ALICE.value));

      expect(await tasksOf(ALICE)).to.equal(0);
      await fill(ALICE, LIMIT);
      await expectRejection(create(), TaskLimitReachedError);
    });
  });

  describe('the hierarchy and the manual order', () => {
    /** The sibling group under `parent` (null: the top level) of the owner's test list. */
    const groupUnder = (owner: UserId, parent: Task | null) => ({ listId: TaskMother.listOf(owner), parentId: parent?.id ?? null });

    /** A task of `owner` at the end of the group under `parent`, stored. */
    const place = async (title: string, parent: Task | null = null, owner: UserId = ALICE) => {
      const parentId = parent?.id ?? null;
      const task = await adapters.unitOfWork.run(async (stores) => {
        const last = await stores.tasks.lastPositionUnder(owner, parentId, TaskMother.listOf(owner));
        const placed = Task.create({
          id: TaskId.from(randomUUID()),
          owner,
          title: TaskTitle.from(title),
          description: null,
          placement: { parentId, position: Position.between(last, null) },
          listId: TaskMother.listOf(owner),
          now: NOW,
        });
        await stores.tasks.persist(placed);
        return placed;
      });
      return task;
    };
    const titlesOf = (tasks: Task[]) => tasks.map((task) => task.title.value);
    const run = <T>(work: (stores: UnitStores) => Promise<T>) => adapters.unitOfWork.run(work);

    it('loads every subtask below a task, deepest first and each level from its last position, for its owner only', async () => {
      const root = await place('root');
      const a = await place('a', root);
      await place('b', root);
      const a1 = await place('a1', a);
      await place('a1x', a1);
      await place('elsewhere');

      const below = await run((stores) => stores.tasks.descendantsOf(ALICE, root.id));

      expect(titlesOf(below)).to.deep.equal(['a1x', 'a1', 'b', 'a']);
      expect(below.every((task) => task.pullDomainEvents().length === 0)).to.equal(true);
      expect(await run((stores) => stores.tasks.descendantsOf(ALICE, a1.id))).to.have.length(1);
      expect(await run((stores) => stores.tasks.descendantsOf(BOB, root.id))).to.deep.equal([]);
    });

    it('hands out subtasks that can be deleted, deepest first, in one unit of work', async () => {
      const root = await place('root');
      const child = await place('child', root);
      await place('grandchild', child);

      await run(async (stores) => {
        for (const task of await stores.tasks.descendantsOf(ALICE, root.id)) {
          task.delete(ALICE, later);
          await stores.tasks.persist(task);
        }
        root.delete(ALICE, later);
        await stores.tasks.persist(root);
      });

      expect((await changesOf(ALICE)).slice(3).map(([, type]) => type)).to.deep.equal(['task.deleted', 'task.deleted', 'task.deleted']);
      expect(await find(ALICE, root.id)).to.equal(null);
    });

    it('answers a task with its ancestors, nearest first, for its owner only', async () => {
      const root = await place('root');
      const child = await place('child', root);
      const grandchild = await place('grandchild', child);

      expect(await run((stores) => stores.tasks.ancestorsOf(ALICE, grandchild.id))).to.deep.equal([grandchild.id.value, child.id.value, root.id.value]);
      expect(await run((stores) => stores.tasks.ancestorsOf(ALICE, root.id))).to.deep.equal([root.id.value]);
      expect(await run((stores) => stores.tasks.ancestorsOf(BOB, grandchild.id))).to.equal(null);
      expect(await run((stores) => stores.tasks.ancestorsOf(ALICE, TaskId.from(randomUUID())))).to.equal(null);
    });

    it('measures how many levels a task and its subtasks span', async () => {
      const root = await place('root');
      const a = await place('a', root);
      const leaf = await place('b', root);
      await place('a1', a);

      expect(await run((stores) => stores.tasks.subtreeHeight(ALICE, root.id))).to.equal(3);
      expect(await run((stores) => stores.tasks.subtreeHeight(ALICE, a.id))).to.equal(2);
      expect(await run((stores) => stores.tasks.subtreeHeight(ALICE, leaf.id))).to.equal(1);
    });

    it('finds the two positions around the gap beside a sibling, or at the start or end, leaving out the moving task', async () => {
      const parent = await place('parent');
      const [x, y, z] = [await place('x', parent), await place('y', parent), await place('z', parent)];
      const outsider = await place('outsider');
      const gap = (side: 'after' | 'before', neighbour: Task | null, moving: Task = outsider) =>
        run((stores) => stores.tasks.gapBeside(ALICE, groupUnder(ALICE, parent), { side, id: neighbour?.id ?? null }, moving.id));
      const values = (found: { before: Position | null; after: Position | null } | null) =>
        found && [found.before?.value ?? null, found.after?.value ?? null];

      expect(values(await gap('after', x))).to.deep.equal([x.position.value, y.position.value]);
      expect(values(await gap('before', x))).to.deep.equal([null, x.position.value]);
      expect(values(await gap('after', z))).to.deep.equal([z.position.value, null]);
      expect(values(await gap('after', null))).to.deep.equal([null, x.position.value]);
      expect(values(await gap('before', null))).to.deep.equal([z.position.value, null]);
      // The moving task itself is no neighbour, and leaves no gap behind where it was.
      expect(values(await gap('after', x, y))).to.deep.equal([x.position.value, z.position.value]);
      expect(values(await gap('before', z, y))).to.deep.equal([x.position.value, z.position.value]);
      expect(await gap('after', y, y)).to.equal(null);
    });

    it('finds no gap beside a task of another group or another owner, and gaps of the top level too', async () => {
      const parent = await place('parent');
      const child = await place('child', parent);
      const top = await place('top');
      const bobs = await place('bob', null, BOB);

      expect(await run((stores) => stores.tasks.gapBeside(ALICE, groupUnder(ALICE, parent), { side: 'after', id: top.id }, child.id))).to.equal(null);
      expect(await run((stores) => stores.tasks.gapBeside(ALICE, groupUnder(ALICE, null), { side: 'after', id: bobs.id }, top.id))).to.equal(null);
      expect(await run((stores) => stores.tasks.gapBeside(BOB, groupUnder(BOB, null), { side: 'after', id: parent.id }, bobs.id))).to.equal(null);
      const topGap = await run((stores) => stores.tasks.gapBeside(ALICE, groupUnder(ALICE, null), { side: 'before', id: top.id }, child.id));
      expect([topGap?.before?.value, topGap?.after?.value]).to.deep.equal([parent.position.value, top.position.value]);
    });
  });
}
