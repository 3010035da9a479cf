/**
 * What every `TaskChangeLog` reads: each owner's changes as the repository appended them, numbered from 1 in
 * commit order, read after a position, oldest first — and where the log stands once a purge erased it.
 */
import { expect } from 'chai';
import { InvalidQueryError } from '../../../src/application/errors.js';
import { ListTaskChangesHandler, ListTaskChangesQuery } from '../../../src/application/queries/list-task-changes.js';
import { TaskChangeCursor } from '../../../src/application/changes/task-change.js';
import { toListView } from '../../../src/application/list-view.js';
import { expectRejection } from '../expect-rejection.js';
import { ALICE, BOB, ListWrites, minutesLater, NOW, TaskWrites, type PersistenceAdapters } from './persistence-fixture.js';

export type TaskChangeLogFixture = Pick<PersistenceAdapters, 'changeLog' | 'repository' | 'lists' | 'unitOfWork' | 'readModel' | 'erasure'>;

const WIRE_ORDER = [
  'id', 'user_id', 'title', 'description', 'due_date', 'priority', 'completed', 'completed_at', 'list_id', 'parent_id', 'position', 'labels',
  'repeat', 'repeat_from', 'created_at', 'updated_at', 'version',
];
const LIST_WIRE_ORDER = ['id', 'name', 'is_inbox', 'position', 'created_at', 'updated_at', 'version'];

export function taskChangeLogContract(fixture: () => Promise<TaskChangeLogFixture>): void {
  let adapters: TaskChangeLogFixture;
  let writes: TaskWrites;
  let lists: ListWrites;

  beforeEach(async () => {
    adapters = await fixture();
    writes = new TaskWrites(adapters);
    lists = new ListWrites(adapters);
  });

  const seqs = async (ownerId: string, after = 0, limit = 100) => (await adapters.changeLog.readAfter(ownerId, after, limit)).map((change) => change.seq);

  it('reads one owner’s changes after a position, oldest first, each with the task in its wire shape', async () => {
    const first = await writes.create(ALICE, NOW, 'first');
    await writes.create(BOB, minutesLater(1), 'not yours');
    const second = await writes.create(ALICE, minutesLater(2), 'second');

    const all = await adapters.changeLog.readAfter(ALICE.value, 0, 10);

    expect(all.map((change) => [change.seq, change.type, change.task_id])).to.deep.equal([
      [1, 'task.created', first.value],
      [2, 'task.created', second.value],
    ]);
    expect(all[0]!.occurred_at).to.equal(NOW.toISOString());
    expect(all[0]!.task).to.deep.equal(await adapters.readModel.findOne(ALICE.value, first.value));
    expect(Object.keys(all[0]!.task!)).to.deep.equal(WIRE_ORDER);
    expect(await seqs(ALICE.value, 1)).to.deep.equal([2]);
    expect(await seqs(ALICE.value, 2)).to.deep.equal([]);
    expect(await seqs(BOB.value)).to.deep.equal([1]);
  });

  it('reads the owner’s list changes beside their task changes, in one order, each list in its wire shape', async () => {
    const task = await writes.create(ALICE, NOW, 'first');
    const work = await lists.create(ALICE, minutesLater(1), 'Work');
    const created = toListView((await adapters.unitOfWork.run((stores) => stores.lists.findOwned(ALICE, work)))!.snapshot());
    await writes.toggle(ALICE, task, minutesLater(2));
    await lists.rename(ALICE, work, 'Office', minutesLater(3));
    await lists.remove(ALICE, work, minutesLater(4));
    await lists.create(BOB, minutesLater(5), 'Not yours');

    const all = await adapters.changeLog.readAfter(ALICE.value, 0, 10);

    expect(all.map((change) => [change.seq, change.type, change.task_id ?? change.list_id])).to.deep.equal([
      [1, 'task.created', task.value],
      [2, 'list.created', work.value],
      [3, 'task.completed', task.value],
      [4, 'list.updated', work.value],
      [5, 'list.deleted', work.value],
    ]);
    expect(all[1]).to.deep.equal({ seq: 2, type: 'list.created', list_id: work.value, occurred_at: minutesLater(1).toISOString(), list: created });
    expect(Object.keys(all[1]!)).to.deep.equal(['seq', 'type', 'list_id', 'occurred_at', 'list']);
    expect(Object.keys(all[3]!.list!)).to.deep.equal(LIST_WIRE_ORDER);
    expect(all[3]!.list).to.deep.equal({ ...created, name: 'Office', updated_at: minutesLater(3).toISOString(), version: 2 });
    expect(all[4]).to.deep.equal({ seq: 5, type: 'list.deleted', list_id: work.value, occurred_at: minutesLater(4).toISOString(), list: null });
    expect(await seqs(ALICE.value, 3)).to.deep.equal([4, 5]);
    expect(await seqs(BOB.value)).to.deep.equal([1]);
    expect(await adapters.changeLog.position(ALICE.value)).to.deep.equal({ lastSeq: 5, erasedThrough: 0, compactedThrough: 0 });
  });

  it('reads at most `limit` changes, the oldest after the position', async () => {
    const id = await writes.create(ALICE, NOW);
    for (let minute = 1; minute <= 5; minute++) await writes.toggle(ALICE, id, minutesLater(minute));

    expect(await seqs(ALICE.value, 0, 1)).to.deep.equal([1]);
    expect(await seqs(ALICE.value, 2, 3)).to.deep.equal([3, 4, 5]);
    expect(await seqs(ALICE.value, 4, 100)).to.deep.equal([5, 6]);
  });

  it('holds each change as it happened: its type, when, and the task right after it', async () => {
    const id = await writes.create(ALICE, NOW, 'Buy milk');
    await writes.toggle(ALICE, id, minutesLater(1));
    await writes.toggle(ALICE, id, minutesLater(2));
    await writes.remove(ALICE, id, minutesLater(3));

    const changes = await adapters.changeLog.readAfter(ALICE.value, 0, 10);

    expect(changes.map((change) => [change.type, change.occurred_at, change.task?.version ?? null, change.task?.completed ?? null])).to.deep.equal([
      ['task.created', '2026-11-25T10:00:00.000Z', 1, false],
      ['task.completed', '2026-11-25T10:01:00.000Z', 2, true],
      ['task.reopened', '2026-11-25T10:02:00.000Z', 3, false],
      ['task.deleted', '2026-11-25T10:03:00.000Z', null, null],
    ]);
    expect(changes[1]!.task).to.include({ completed_at: '2026-11-25T10:01:00.000Z', updated_at: '2026-11-25T10:01:00.000Z' });
    expect(changes[3]!.task).to.equal(null);
  });

  it('says where each owner’s log stands: all zeros for one who never had a change', async () => {
    await writes.create(ALICE, NOW);
    await writes.create(ALICE, NOW);
    await writes.create(BOB, NOW);

    expect(await adapters.changeLog.position(ALICE.value)).to.deep.equal({ lastSeq: 2, erasedThrough: 0, compactedThrough: 0 });
    expect(await adapters.changeLog.position(BOB.value)).to.deep.equal({ lastSeq: 1, erasedThrough: 0, compactedThrough: 0 });
    expect(await adapters.changeLog.position('user-nobody')).to.deep.equal({ lastSeq: 0, erasedThrough: 0, compactedThrough: 0 });
    expect(await adapters.changeLog.readAfter('user-nobody', 0, 10)).to.deep.equal([]);
  });

  describe('once the owner’s data was erased', () => {
    beforeEach(async () => {
      const id = await writes.create(ALICE, NOW);
      await writes.toggle(ALICE, id, minutesLater(1));
      await writes.create(ALICE, minutesLater(2));
      await writes.create(BOB, minutesLater(3));
      await adapters.unitOfWork.run((stores) => stores.erasure.erase(ALICE.value));
    });

    it('holds none of the erased changes, and remembers how far the log went', async () => {
      expect(await adapters.changeLog.readAfter(ALICE.value, 0, 10)).to.deep.equal([]);
      expect(await adapters.changeLog.position(ALICE.value)).to.deep.equal({ lastSeq: 3, erasedThrough: 3, compactedThrough: 0 });
      expect(await seqs(BOB.value)).to.deep.equal([1]);
    });

    it('numbers the owner’s next changes after the erased ones', async () => {
      const id = await writes.create(ALICE, minutesLater(4));

      expect((await adapters.changeLog.readAfter(ALICE.value, 0, 10)).map((change) => [change.seq, change.task_id])).to.deep.equal([[4, id.value]]);
      expect(await adapters.changeLog.position(ALICE.value)).to.deep.equal({ lastSeq: 4, erasedThrough: 3, compactedThrough: 0 });
    });

    it('lets a cursor into the erased part be refused, and one after it resume', async () => {
      await writes.create(ALICE, minutesLater(4));
      const changes = new ListTaskChangesHandler(adapters.changeLog);
      const since = (seq: number) => changes.handle(new ListTaskChangesQuery(ALICE.value, { since: TaskChangeCursor.encode(seq) }));

      await expectRejection(since(2), InvalidQueryError);
      await expectRejection(since(3), InvalidQueryError);
      expect((await since(0)).changes.map((change) => change.id)).to.deep.equal([TaskChangeCursor.encode(4)]);
      expect((await since(4)).changes).to.deep.equal([]);
    });
  });
}
