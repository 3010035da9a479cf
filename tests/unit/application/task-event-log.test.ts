import { expect } from 'chai';
import { CreateTaskCommand } from '../../../src/application/commands/create-task.js';
import { DeleteTaskCommand } from '../../../src/application/commands/delete-task.js';
import { SetTaskCompletionCommand } from '../../../src/application/commands/set-task-completion.js';
import { UpdateTaskCommand } from '../../../src/application/commands/update-task.js';
import { DomainValidationError, TaskNotFoundError, TaskVersionMismatchError } from '../../../src/domain/index.js';
import { expectRejection } from '../../support/expect-rejection.js';
import { createInMemoryApplication } from '../../support/in-memory-application.js';
import { ALICE, BOB } from '../../support/task-mother.js';

describe('the event log written by commands', () => {
  it('holds each owner’s changes in order, numbered from 1, with the task as it was after each change', async () => {
    const app = createInMemoryApplication({ now: new Date('2026-11-25T10:00:00.000Z') });
    const tick = () => app.clock.advance(1000);

    const milk = await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Buy milk'));
    tick();
    const walk = await app.commands.execute(new CreateTaskCommand(BOB.value, 'Walk the dog'));
    tick();
    await app.commands.execute(new SetTaskCompletionCommand(ALICE.value, milk.id, true));
    tick();
    await app.commands.execute(new UpdateTaskCommand(BOB.value, walk.id, { title: 'Walk the dogs', completed: true }));
    tick();
    await app.commands.execute(new DeleteTaskCommand(ALICE.value, milk.id));

    const summary = (owner: string) =>
      app.store.events(owner).map(({ seq, event }) => [
        seq,
        event.type,
        event.taskId,
        event.occurredAt.toISOString(),
        event.task && [event.task.title, event.task.completed, event.task.version],
      ]);
    // Each owner's first change is their inbox, made by their first create.
    for (const owner of [ALICE.value, BOB.value]) {
      expect(app.store.changes(owner).map(({ seq, event }) => [seq, event.type])[0]).to.deep.equal([1, 'list.created']);
    }
    expect(summary(ALICE.value)).to.deep.equal([
      [2, 'task.created', milk.id, '2026-11-25T10:00:00.000Z', ['Buy milk', false, 1]],
      [3, 'task.completed', milk.id, '2026-11-25T10:00:02.000Z', ['Buy milk', true, 2]],
      [4, 'task.deleted', milk.id, '2026-11-25T10:00:04.000Z', null],
    ]);
    expect(summary(BOB.value)).to.deep.equal([
      [2, 'task.created', walk.id, '2026-11-25T10:00:01.000Z', ['Walk the dog', false, 1]],
      [3, 'task.updated', walk.id, '2026-11-25T10:00:03.000Z', ['Walk the dogs', true, 2]],
      [4, 'task.completed', walk.id, '2026-11-25T10:00:03.000Z', ['Walk the dogs', true, 2]],
    ]);
  });

  it('gains nothing from commands that are refused', async () => {
    const app = createInMemoryApplication();
    const task = await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Buy milk'));
    const before = app.store.events();

    await expectRejection(app.commands.execute(new CreateTaskCommand(ALICE.value, ' ')), DomainValidationError);
    await expectRejection(app.commands.execute(new UpdateTaskCommand(ALICE.value, task.id, { title: '' })), DomainValidationError);
    await expectRejection(app.commands.execute(new UpdateTaskCommand(ALICE.value, task.id, { title: 'x' }, 2)), TaskVersionMismatchError);
    await expectRejection(app.commands.execute(new SetTaskCompletionCommand(BOB.value, task.id, true)), TaskNotFoundError);
    await expectRejection(app.commands.execute(new DeleteTaskCommand(ALICE.value, 'not-a-uuid')), TaskNotFoundError);

    expect(app.store.events()).to.deep.equal(before);
  });
});
