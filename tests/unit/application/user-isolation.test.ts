import { expect } from 'chai';
import { CreateTaskCommand } from '../../../src/application/commands/create-task.js';
import { DeleteTaskCommand } from '../../../src/application/commands/delete-task.js';
import { SetTaskCompletionCommand } from '../../../src/application/commands/set-task-completion.js';
import { UpdateTaskCommand } from '../../../src/application/commands/update-task.js';
import type { TaskView } from '../../../src/application/ports/task-read-model.js';
import { GetTaskQuery } from '../../../src/application/queries/get-task.js';
import { ListTasksQuery } from '../../../src/application/queries/list-tasks.js';
import { TaskStatsQuery } from '../../../src/application/queries/task-stats.js';
import { TaskNotFoundError } from '../../../src/domain/index.js';
import { expectRejection } from '../../support/expect-rejection.js';
import { createInMemoryApplication, type InMemoryApplication } from '../../support/in-memory-application.js';
import { ALICE, BOB, TaskMother } from '../../support/task-mother.js';

describe('user isolation', () => {
  let app: InMemoryApplication;
  let alicesTask: TaskView;

  /** Every command and query that names a task, as `userId` would send it. */
  const REQUESTS: Record<string, (app: InMemoryApplication, userId: string, taskId: string) => Promise<unknown>> = {
    'get it': ({ queries }, userId, taskId) => queries.execute(new GetTaskQuery(userId, taskId)),
    'rename it': ({ commands }, userId, taskId) => commands.execute(new UpdateTaskCommand(userId, taskId, { title: 'Mine now' })),
    'describe it': ({ commands }, userId, taskId) => commands.execute(new UpdateTaskCommand(userId, taskId, { description: null })),
    'update it at its current version': ({ commands }, userId, taskId) =>
      commands.execute(new UpdateTaskCommand(userId, taskId, { completed: true }, 1)),
    'update it at another version': ({ commands }, userId, taskId) =>
      commands.execute(new UpdateTaskCommand(userId, taskId, { completed: true }, 7)),
    'toggle it': ({ commands }, userId, taskId) => commands.execute(new SetTaskCompletionCommand(userId, taskId, 'toggle')),
    'complete it': ({ commands }, userId, taskId) => commands.execute(new SetTaskCompletionCommand(userId, taskId, true)),
    'reopen it': ({ commands }, userId, taskId) => commands.execute(new SetTaskCompletionCommand(userId, taskId, false)),
    'delete it': ({ commands }, userId, taskId) => commands.execute(new DeleteTaskCommand(userId, taskId)),
    'delete it at its current version': ({ commands }, userId, taskId) => commands.execute(new DeleteTaskCommand(userId, taskId, 1)),
  };

  beforeEach(async () => {
    app = createInMemoryApplication();
    alicesTask = await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Alice’s secret', 'Only for Alice'));
  });

  for (const [name, request] of Object.entries(REQUESTS)) {
    it(`does not let another user ${name}: the task is not found for them and stays as it was`, async () => {
      const aliceLogBefore = app.store.events(ALICE.value);

      const error = await expectRejection(request(app, BOB.value, alicesTask.id), TaskNotFoundError);
      const missing = await expectRejection(request(app, BOB.value, TaskMother.id().value), TaskNotFoundError);

      expect({ code: error.code, message: error.message }).to.deep.equal({ code: missing.code, message: missing.message });
      expect(await app.queries.execute(new GetTaskQuery(ALICE.value, alicesTask.id))).to.deep.equal(alicesTask);
      expect(app.store.events(ALICE.value)).to.deep.equal(aliceLogBefore);
      expect(app.store.events(BOB.value)).to.deep.equal([]);
    });
  }

  it('does not let another user reach the task through its id in another case', async () => {
    await expectRejection(app.queries.execute(new GetTaskQuery(BOB.value, alicesTask.id.toUpperCase())), TaskNotFoundError);
  });

  it('shows another user none of the task in lists, searches or counts', async () => {
    for (const params of [{}, { q: 'secret' }, { status: 'pending' }, { sort: 'title' }]) {
      expect(await app.queries.execute(new ListTasksQuery(BOB.value, params))).to.deep.equal({ items: [], next_cursor: null });
    }
    expect(await app.queries.execute(new TaskStatsQuery(BOB.value))).to.deep.equal({ total: 0, pending: 0, completed: 0, overdue: 0, due_today: 0 });
  });

  it('does not carry a cursor from one user’s listing into another’s tasks', async () => {
    await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Second'));
    const cursor = (await app.queries.execute(new ListTasksQuery(ALICE.value, { limit: 1 }))).next_cursor!;

    expect(await app.queries.execute(new ListTasksQuery(BOB.value, { limit: 1, cursor }))).to.deep.equal({ items: [], next_cursor: null });
  });

  it('keeps each user’s work apart when both have tasks', async () => {
    const bobsTask = await app.commands.execute(new CreateTaskCommand(BOB.value, 'Bob’s'));
    await app.commands.execute(new SetTaskCompletionCommand(BOB.value, bobsTask.id, true));

    await expectRejection(app.commands.execute(new DeleteTaskCommand(ALICE.value, bobsTask.id)), TaskNotFoundError);

    const alicesList = await app.queries.execute(new ListTasksQuery(ALICE.value));
    const bobsList = await app.queries.execute(new ListTasksQuery(BOB.value));
    expect(alicesList.items).to.deep.equal([alicesTask]);
    expect(bobsList.items.map((task) => [task.id, task.user_id, task.completed])).to.deep.equal([[bobsTask.id, BOB.value, true]]);
  });
});
