import { expect } from 'chai';
import { ChangeLogExpiredError, InvalidQueryError } from '../../../../src/application/errors.js';
import { ListTaskChangesHandler, ListTaskChangesQuery } from '../../../../src/application/queries/list-task-changes.js';
import { InMemoryTaskChangeLog } from '../../../../src/infrastructure/persistence/in-memory/in-memory-task-change-log.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { RecordedTaskEvents } from '../../../support/recorded-task-events.js';
import { TaskMother } from '../../../support/task-mother.js';
import { UserId } from '../../../../src/domain/index.js';

describe('ListTaskChangesHandler', () => {
  const cursor = (seq: number) => String(seq).padStart(16, '0');
  let events: RecordedTaskEvents;
  let handler: ListTaskChangesHandler;

  beforeEach(() => {
    events = new RecordedTaskEvents();
    handler = new ListTaskChangesHandler(new InMemoryTaskChangeLog(events));
  });

  it('answers the owner’s changes in the wire shape, ids being their cursors', async () => {
    events.record('alice', 'task.created', 'Milk', '01935f0e-7b7c-7cc2-9f1e-2a0c8f4f8f11');
    events.record('bob');
    events.record('alice', 'task.deleted', '', '01935f0e-7b7c-7cc2-9f1e-2a0c8f4f8f11');

    const page = await handler.handle(new ListTaskChangesQuery('alice'));
    expect(page.changes).to.deep.equal([
      {
        id: cursor(1),
        type: 'task.created',
        task_id: '01935f0e-7b7c-7cc2-9f1e-2a0c8f4f8f11',
        occurred_at: '2026-11-25T10:00:01.000Z',
        task: {
          id: '01935f0e-7b7c-7cc2-9f1e-2a0c8f4f8f11',
          user_id: 'alice',
          title: 'Milk',
          description: null,
          due_date: null,
          priority: 'none',
          completed: false,
          completed_at: null,
          list_id: TaskMother.listOf(UserId.from('alice')).value,
          parent_id: null,
          position: 'a0',
          labels: [],
          repeat: null,
          repeat_from: 'due',
          created_at: '2026-11-25T10:00:01.000Z',
          updated_at: '2026-11-25T10:00:01.000Z',
          version: 1,
        },
      },
      { id: cursor(2), type: 'task.deleted', task_id: '01935f0e-7b7c-7cc2-9f1e-2a0c8f4f8f11', occurred_at: '2026-11-25T10:00:02.000Z', task: null },
    ]);
    expect(page.next_cursor).to.equal(cursor(2));
    expect(page.has_more).to.equal(false);
  });

  it('pages by limit, and keeps the given cursor when nothing is new', async () => {
    for (let index = 0; index < 5; index++) events.record('alice');
    const first = await handler.handle(new ListTaskChangesQuery('alice', { limit: 2 }));
    expect([first.changes.map((change) => change.id), first.next_cursor, first.has_more]).to.deep.equal([[cursor(1), cursor(2)], cursor(2), true]);
    const last = await handler.handle(new ListTaskChangesQuery('alice', { since: cursor(3), limit: 2 }));
    expect([last.changes.map((change) => change.id), last.next_cursor, last.has_more]).to.deep.equal([[cursor(4), cursor(5)], cursor(5), false]);
    const idle = await handler.handle(new ListTaskChangesQuery('alice', { since: cursor(5) }));
    expect(idle).to.deep.equal({ changes: [], next_cursor: cursor(5), has_more: false });
    const empty = await handler.handle(new ListTaskChangesQuery('carol'));
    expect(empty).to.deep.equal({ changes: [], next_cursor: cursor(0), has_more: false });
  });

  it('refuses bad limits, malformed cursors and cursors beyond the owner’s log', async () => {
    events.record('alice');
    events.record('bob');
    events.record('bob');
    for (const limit of [0, 501, 1.5, Number.NaN]) {
      await expectRejection(handler.handle(new ListTaskChangesQuery('alice', { limit })), InvalidQueryError);
    }
    await expectRejection(handler.handle(new ListTaskChangesQuery('alice', { since: 'nope' })), InvalidQueryError);
    // Bob's cursor is beyond the end of Alice's log.
    await expectRejection(handler.handle(new ListTaskChangesQuery('alice', { since: cursor(2) })), InvalidQueryError);
  });

  it('refuses with ChangeLogExpiredError a cursor at or below what compaction removed, and serves the rest', async () => {
    for (let index = 0; index < 6; index++) events.record('alice');
    events.compactThrough('alice', 3);

    for (const since of [cursor(1), cursor(3)]) {
      const error = await expectRejection(handler.handle(new ListTaskChangesQuery('alice', { since })), ChangeLogExpiredError);
      expect(error.message).to.equal('This cursor is older than your change log still reaches (old changes are compacted away); sync again from the beginning');
    }
    expect((await handler.handle(new ListTaskChangesQuery('alice', { since: cursor(4) }))).changes.map((change) => change.id)).to.deep.equal([cursor(5), cursor(6)]);
    expect((await handler.handle(new ListTaskChangesQuery('alice'))).changes.map((change) => change.id)).to.deep.equal([cursor(4), cursor(5), cursor(6)]);
  });
});
