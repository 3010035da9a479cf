import { expect } from 'chai';
import { CreateTaskCommand } from '../../../../src/application/commands/create-task.js';
import { DeleteTaskCommand } from '../../../../src/application/commands/delete-task.js';
import { PurgeUserTasksCommand } from '../../../../src/application/commands/purge-user-tasks.js';
import { SetTaskCompletionCommand } from '../../../../src/application/commands/set-task-completion.js';
import { UserNotFoundError } from '../../../../src/application/errors.js';
import { TaskStatsQuery } from '../../../../src/application/queries/task-stats.js';
import { DomainValidationError } from '../../../../src/domain/index.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { createInMemoryApplication, type InMemoryApplication } from '../../../support/in-memory-application.js';
import { ALICE, BOB } from '../../../support/task-mother.js';

describe('PurgeUserTasksHandler', () => {
  let app: InMemoryApplication;

  const create = (userId: string, title = 'Task') => app.commands.execute(new CreateTaskCommand(userId, title));
  const purge = (userId: string) => app.commands.execute(new PurgeUserTasksCommand(userId));

  beforeEach(() => {
    app = createInMemoryApplication();
  });

  it('erases the user’s tasks and events and reports how many there were', async () => {
    const task = await create(ALICE.value);
    await create(ALICE.value);
    await app.commands.execute(new SetTaskCompletionCommand(ALICE.value, task.id, true));

    expect(await purge(ALICE.value)).to.deep.equal({ user_id: ALICE.value, tasks: 2, lists: 1, events: 4 });
    expect(app.store.listsOf(ALICE.value)).to.deep.equal([]);

    expect(await app.queries.execute(new TaskStatsQuery(ALICE.value))).to.deep.equal({ total: 0, pending: 0, completed: 0, overdue: 0, due_today: 0 });
    expect(app.store.events(ALICE.value)).to.deep.equal([]);
  });

  it('leaves every other user’s tasks and events alone', async () => {
    await create(ALICE.value);
    const bobsTask = await create(BOB.value);
    const bobsEvents = app.store.events(BOB.value);

    await purge(ALICE.value);

    expect(app.store.tasksOf(BOB.value).map((task) => task.id)).to.deep.equal([bobsTask.id]);
    expect(app.store.events(BOB.value)).to.deep.equal(bobsEvents);
  });

  it('erases the change log of a user whose tasks are all deleted', async () => {
    const task = await create(ALICE.value);
    await app.commands.execute(new DeleteTaskCommand(ALICE.value, task.id));

    expect(await purge(ALICE.value)).to.deep.equal({ user_id: ALICE.value, tasks: 0, lists: 1, events: 3 });
    expect(app.store.events(ALICE.value)).to.deep.equal([]);
  });

  it('forgets the answers kept for the user’s retried requests, which hold their tasks too', async () => {
    const first = await app.idempotentCommands.execute(ALICE.value, 'retry-key', new CreateTaskCommand(ALICE.value, 'Kept answer'));
    await app.idempotentCommands.execute(BOB.value, 'retry-key', new CreateTaskCommand(BOB.value, 'Bob’s'));

    await purge(ALICE.value);

    const again = await app.idempotentCommands.execute(ALICE.value, 'retry-key', new CreateTaskCommand(ALICE.value, 'Kept answer'));
    expect(again.replayed).to.equal(false);
    expect(again.result.id).to.not.equal(first.result.id);
    expect(app.idempotencyStore.size).to.equal(2);
  });

  it('goes on numbering the user’s events after the erased ones, so old cursors cannot be mistaken for new', async () => {
    await create(ALICE.value);
    await create(ALICE.value);
    await purge(ALICE.value);

    await create(ALICE.value);

    // A new inbox first, then the task.
    expect(app.store.changes(ALICE.value).map((entry) => [entry.seq, entry.event.type])).to.deep.equal([
      [4, 'list.created'],
      [5, 'task.created'],
    ]);
    expect(app.store.positionOf(ALICE.value)).to.deep.equal({ lastSeq: 5, erasedThrough: 3, compactedThrough: 0 });
  });

  it('refuses a user it holds nothing about, as not found', async () => {
    await create(BOB.value);

    const error = await expectRejection(purge(ALICE.value), UserNotFoundError);

    expect(error.message).to.equal(`No tasks or events for user '${ALICE.value}'`);
    expect(app.store.changes(BOB.value)).to.have.length(2);
  });

  it('refuses an invalid user id', async () => {
    await expectRejection(purge('bad\u0000id'), DomainValidationError);
  });
});
