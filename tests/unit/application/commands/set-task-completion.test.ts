import { expect } from 'chai';
import { CreateTaskCommand } from '../../../../src/application/commands/create-task.js';
import { SetTaskCompletionCommand, type CompletionChange } from '../../../../src/application/commands/set-task-completion.js';
import type { TaskView } from '../../../../src/application/ports/task-read-model.js';
import { GetTaskQuery } from '../../../../src/application/queries/get-task.js';
import { TaskNotFoundError, TaskVersionMismatchError } from '../../../../src/domain/index.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { createInMemoryApplication, type InMemoryApplication } from '../../../support/in-memory-application.js';
import { ALICE, TaskMother } from '../../../support/task-mother.js';

describe('SetTaskCompletionHandler', () => {
  let app: InMemoryApplication;
  let task: TaskView;

  const setCompletion = (completed: CompletionChange, expectedVersion?: number) =>
    app.commands.execute(new SetTaskCompletionCommand(ALICE.value, task.id, completed, expectedVersion));
  const current = () => app.queries.execute(new GetTaskQuery(ALICE.value, task.id));
  const eventTypes = () => app.store.events(ALICE.value).map(({ event }) => event.type);

  beforeEach(async () => {
    app = createInMemoryApplication();
    task = await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Buy milk'));
    app.clock.advance(60_000);
  });

  describe('toggle', () => {
    it('completes a pending task, then reopens it', async () => {
      const completed = await setCompletion('toggle');
      expect(completed).to.deep.equal({
        ...task,
        completed: true,
        completed_at: app.clock.now().toISOString(),
        updated_at: app.clock.now().toISOString(),
        version: 2,
      });

      app.clock.advance(1000);
      const reopened = await setCompletion('toggle');
      expect(reopened).to.include({ completed: false, completed_at: null, updated_at: app.clock.now().toISOString(), version: 3 });
      expect(await current()).to.deep.equal(reopened);
      expect(eventTypes()).to.deep.equal(['task.created', 'task.completed', 'task.reopened']);
    });
  });

  describe('set', () => {
    it('completes a task once: completing it again changes nothing', async () => {
      const completed = await setCompletion(true);
      app.clock.advance(1000);
      const again = await setCompletion(true);

      expect(completed).to.include({ completed: true, version: 2 });
      expect(again).to.deep.equal(completed);
      expect(eventTypes()).to.deep.equal(['task.created', 'task.completed']);
    });

    it('reopens a completed task once: reopening it again changes nothing', async () => {
      await setCompletion(true);
      const reopened = await setCompletion(false);
      const again = await setCompletion(false);

      expect(reopened).to.include({ completed: false, completed_at: null, version: 3 });
      expect(again).to.deep.equal(reopened);
      expect(eventTypes()).to.deep.equal(['task.created', 'task.completed', 'task.reopened']);
    });

    it('leaves a pending task alone when asked to reopen it', async () => {
      expect(await setCompletion(false)).to.deep.equal(task);
      expect(eventTypes()).to.deep.equal(['task.created']);
    });
  });

  it('refuses a stale expected version and changes nothing', async () => {
    await setCompletion('toggle', 1);

    const error = await expectRejection(setCompletion('toggle', 1), TaskVersionMismatchError);

    expect(error).to.include({ expected: 1, actual: 2 });
    expect(await current()).to.include({ completed: true, version: 2 });
    expect(eventTypes()).to.deep.equal(['task.created', 'task.completed']);
  });

  it('does not find an unknown or malformed task id', async () => {
    for (const taskId of [TaskMother.id().value, 'not-a-uuid', `${task.id}x`]) {
      await expectRejection(app.commands.execute(new SetTaskCompletionCommand(ALICE.value, taskId, 'toggle')), TaskNotFoundError);
    }
    expect(await current()).to.deep.equal(task);
  });
});
