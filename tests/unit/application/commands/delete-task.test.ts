import { expect } from 'chai';
import { CreateTaskCommand } from '../../../../src/application/commands/create-task.js';
import { DeleteTaskCommand } from '../../../../src/application/commands/delete-task.js';
import { SetTaskCompletionCommand } from '../../../../src/application/commands/set-task-completion.js';
import { UpdateTaskCommand } from '../../../../src/application/commands/update-task.js';
import type { TaskView } from '../../../../src/application/ports/task-read-model.js';
import { GetTaskQuery } from '../../../../src/application/queries/get-task.js';
import { ListTasksQuery } from '../../../../src/application/queries/list-tasks.js';
import { TaskStatsQuery } from '../../../../src/application/queries/task-stats.js';
import { TaskNotFoundError, TaskVersionMismatchError } from '../../../../src/domain/index.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { createInMemoryApplication, type InMemoryApplication } from '../../../support/in-memory-application.js';
import { ALICE, TaskMother } from '../../../support/task-mother.js';

describe('DeleteTaskHandler', () => {
  let app: InMemoryApplication;
  let task: TaskView;
  let other: TaskView;

  const remove = (taskId = task.id, expectedVersion?: number) =>
    app.commands.execute(new DeleteTaskCommand(ALICE.value, taskId, expectedVersion));
  const eventTypes = () => app.store.events(ALICE.value).map(({ event }) => event.type);

  beforeEach(async () => {
    app = createInMemoryApplication();
    task = await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Buy milk'));
    other = await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Walk the dog'));
  });

  it('removes the task, leaving the others', async () => {
    await remove();

    await expectRejection(app.queries.execute(new GetTaskQuery(ALICE.value, task.id)), TaskNotFoundError);
    const page = await app.queries.execute(new ListTasksQuery(ALICE.value));
    expect(page.items.map((item) => item.id)).to.deep.equal([other.id]);
    expect(await app.queries.execute(new TaskStatsQuery(ALICE.value))).to.deep.equal({ total: 1, pending: 1, completed: 0, overdue: 0, due_today: 0 });
  });

  it('records task.deleted without a task state', async () => {
    app.clock.advance(5000);

    await remove();

    const last = app.store.events(ALICE.value).at(-1);
    // After the inbox's list.created, the task's task.created and task.completed.
    expect(last?.seq).to.equal(4);
    expect(last?.event).to.deep.equal({
      type: 'task.deleted',
      taskId: task.id,
      ownerId: ALICE.value,
      occurredAt: app.clock.now(),
      task: null,
    });
  });

  it('does not find the task again once deleted, for any command', async () => {
    await remove();

    await expectRejection(remove(), TaskNotFoundError);
    await expectRejection(app.commands.execute(new UpdateTaskCommand(ALICE.value, task.id, { title: 'x' })), TaskNotFoundError);
    await expectRejection(app.commands.execute(new SetTaskCompletionCommand(ALICE.value, task.id, 'toggle')), TaskNotFoundError);
    expect(eventTypes()).to.deep.equal(['task.created', 'task.created', 'task.deleted']);
  });

  it('deletes when the expected version is the current one', async () => {
    await remove(task.id, 1);

    await expectRejection(app.queries.execute(new GetTaskQuery(ALICE.value, task.id)), TaskNotFoundError);
  });

  it('refuses a stale expected version and keeps the task', async () => {
    await app.commands.execute(new SetTaskCompletionCommand(ALICE.value, task.id, true));

    await expectRejection(remove(task.id, 1), TaskVersionMismatchError);

    expect(await app.queries.execute(new GetTaskQuery(ALICE.value, task.id))).to.include({ version: 2 });
    expect(eventTypes()).to.deep.equal(['task.created', 'task.created', 'task.completed']);
  });

  it('does not find an unknown or malformed task id', async () => {
    for (const taskId of [TaskMother.id().value, 'not-a-uuid', '../etc/passwd']) {
      await expectRejection(remove(taskId), TaskNotFoundError);
    }
    expect(await app.queries.execute(new TaskStatsQuery(ALICE.value))).to.include({ total: 2 });
  });

  describe('with subtasks', () => {
    const createUnder = (title: string, parent: TaskView) =>
      app.commands.execute(new CreateTaskCommand(ALICE.value, title, null, undefined, undefined, parent.id));

    it('deletes the subtasks at every depth with the task, each its own task.deleted, the deepest first', async () => {
      const child = await createUnder('Child', task);
      const grandchild = await createUnder('Grandchild', child);
      const sibling = await createUnder('Second child', task);
      await createUnder('Other\'s child', other);

      await remove();

      const deleted = app.store
        .events(ALICE.value)
        .filter(({ event }) => event.type === 'task.deleted')
        .map(({ event }) => event.taskId);
      expect(deleted).to.deep.equal([grandchild.id, sibling.id, child.id, task.id]);
      const page = await app.queries.execute(new ListTasksQuery(ALICE.value));
      expect(page.items.map((item) => item.title).sort()).to.deep.equal(['Other\'s child', 'Walk the dog']);
    });

    it('deletes a subtask alone, leaving its parent and siblings', async () => {
      const child = await createUnder('Child', task);
      const sibling = await createUnder('Sibling', task);

      await remove(child.id);

      const page = await app.queries.execute(new ListTasksQuery(ALICE.value));
      expect(page.items.map((item) => item.id).sort()).to.deep.equal([task.id, other.id, sibling.id].sort());
    });

    it('deletes nothing when the task\'s expected version is stale', async () => {
      await createUnder('Child', task);
      await app.commands.execute(new SetTaskCompletionCommand(ALICE.value, task.id, true));

      await expectRejection(remove(task.id, 1), TaskVersionMismatchError);

      expect(await app.queries.execute(new TaskStatsQuery(ALICE.value))).to.include({ total: 3 });
    });
  });
});
