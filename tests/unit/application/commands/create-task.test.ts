import { Position } from '../../../../src/domain/index.js';
import { expect } from 'chai';
import { CreateTaskCommand } from '../../../../src/application/commands/create-task.js';
import { GetTaskQuery } from '../../../../src/application/queries/get-task.js';
import { TaskStatsQuery } from '../../../../src/application/queries/task-stats.js';
import { DeleteTaskCommand } from '../../../../src/application/commands/delete-task.js';
import { DomainValidationError, TaskLimitReachedError } from '../../../../src/domain/index.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { createInMemoryApplication, type InMemoryApplication } from '../../../support/in-memory-application.js';
import { ALICE, BOB } from '../../../support/task-mother.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('CreateTaskHandler', () => {
  let app: InMemoryApplication;

  beforeEach(() => {
    app = createInMemoryApplication({ now: new Date('2026-11-25T10:00:00.000Z') });
  });

  it('answers the new task: trimmed title, no description, pending, version 1, stamped with the clock', async () => {
    const task = await app.commands.execute(new CreateTaskCommand(ALICE.value, '  Buy milk  '));

    expect(task.id).to.match(UUID_V7);
    // The first key of an empty order, with a fraction drawn from the id (Position.endAfter).
    expect(task.position).to.equal(Position.endAfter(null, task.id).value).and.match(/^a0/);
    expect(task).to.deep.equal({
      id: task.id,
      user_id: ALICE.value,
      title: 'Buy milk',
      description: null,
      due_date: null,
      priority: 'none',
      completed: false,
      completed_at: null,
      list_id: task.list_id,
      parent_id: null,
      position: task.position,
      labels: [],
      repeat: null,
      repeat_from: 'due',
      created_at: '2026-11-25T10:00:00.000Z',
      updated_at: '2026-11-25T10:00:00.000Z',
      version: 1,
    });
  });

  it('keeps the description it is given', async () => {
    const task = await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Buy milk', 'Semi-skimmed'));

    expect(task.description).to.equal('Semi-skimmed');
  });

  it('keeps the due date and priority it is given', async () => {
    const task = await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Pay rent', null, '2026-12-01', 'high'));

    expect(task).to.include({ due_date: '2026-12-01', priority: 'high' });
    expect(app.store.events(ALICE.value)[0]?.event.task).to.include({ dueDate: '2026-12-01', priority: 'high' });
  });

  it('gives no due date and priority none when asked for neither, or for no due date', async () => {
    expect(await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Plain'))).to.include({ due_date: null, priority: 'none' });
    expect(await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Plain', null, null))).to.include({ due_date: null, priority: 'none' });
  });

  it('refuses an impossible due date and an unknown priority together, naming both', async () => {
    const error = await expectRejection(
      app.commands.execute(new CreateTaskCommand(ALICE.value, 'Pay rent', null, '2026-02-30', 'urgent')),
      DomainValidationError,
    );

    expect(error.issues).to.deep.equal([
      { path: 'due_date', message: 'Due date must be a calendar date written YYYY-MM-DD, from 1900-01-01 to 9999-12-31' },
      { path: 'priority', message: 'Priority must be one of none, low, medium, high' },
    ]);
    expect(app.store.events()).to.deep.equal([]);
  });

  it('stores the task as it answered it', async () => {
    const created = await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Buy milk', 'Semi-skimmed'));

    expect(await app.queries.execute(new GetTaskQuery(ALICE.value, created.id))).to.deep.equal(created);
  });

  it('records task.created with the new task, right after the owner’s inbox made for it', async () => {
    const created = await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Buy milk'));

    expect(app.store.changes(ALICE.value).map(({ seq, event }) => [seq, event.type])).to.deep.equal([
      [1, 'list.created'],
      [2, 'task.created'],
    ]);
    const events = app.store.events(ALICE.value);
    expect(events.map(({ seq, event }) => [seq, event.type, event.taskId])).to.deep.equal([[2, 'task.created', created.id]]);
    expect(events[0]?.event.occurredAt.toISOString()).to.equal(created.created_at);
    expect(events[0]?.event.task).to.include({ title: 'Buy milk', version: 1, ownerId: ALICE.value });
  });

  it('gives every task its own id', async () => {
    const first = await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Buy milk'));
    const second = await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Buy milk'));

    expect(first.id).not.to.equal(second.id);
  });

  it('reports every invalid field at once and stores nothing', async () => {
    const error = await expectRejection(
      app.commands.execute(new CreateTaskCommand('', '   ', 'x'.repeat(1001))),
      DomainValidationError,
    );

    expect(error.issues.map((issue) => issue.path)).to.deep.equal(['user_id', 'title', 'description']);
    expect(app.store.events()).to.deep.equal([]);
  });

  it('refuses a title longer than 200 characters', async () => {
    const error = await expectRejection(
      app.commands.execute(new CreateTaskCommand(ALICE.value, 'x'.repeat(201))),
      DomainValidationError,
    );

    expect(error.issues).to.deep.equal([{ path: 'title', message: 'Title must be at most 200 characters' }]);
    expect(await app.queries.execute(new TaskStatsQuery(ALICE.value))).to.deep.equal({ total: 0, pending: 0, completed: 0, overdue: 0, due_today: 0 });
  });

  it('refuses a task beyond the owner’s limit, stores nothing for it, and takes one again once a task is deleted', async () => {
    app = createInMemoryApplication({ maxTasksPerUser: 2 });
    const first = await app.commands.execute(new CreateTaskCommand(ALICE.value, 'One'));
    await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Two'));
    const eventsAtLimit = app.store.events(ALICE.value);

    const error = await expectRejection(app.commands.execute(new CreateTaskCommand(ALICE.value, 'Three')), TaskLimitReachedError);
    expect(error.limit).to.equal(2);
    expect(error.message).to.equal('You have 2 tasks, the most one user may have: delete some before adding more');
    expect(app.store.events(ALICE.value)).to.deep.equal(eventsAtLimit);
    // The limit is per user.
    await app.commands.execute(new CreateTaskCommand(BOB.value, 'Someone else’s'));

    await app.commands.execute(new DeleteTaskCommand(ALICE.value, first.id));
    await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Three'));
    expect(await app.queries.execute(new TaskStatsQuery(ALICE.value))).to.deep.equal({ total: 2, pending: 2, completed: 0, overdue: 0, due_today: 0 });
  });
});
