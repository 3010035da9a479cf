import { expect } from 'chai';
import { CreateTaskCommand } from '../../../../src/application/commands/create-task.js';
import { UpdateTaskCommand } from '../../../../src/application/commands/update-task.js';
import type { TaskView } from '../../../../src/application/ports/task-read-model.js';
import { GetTaskQuery } from '../../../../src/application/queries/get-task.js';
import { DomainValidationError, TaskNotFoundError, TaskVersionMismatchError } from '../../../../src/domain/index.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { createInMemoryApplication, type InMemoryApplication } from '../../../support/in-memory-application.js';
import { ALICE, TaskMother } from '../../../support/task-mother.js';

describe('UpdateTaskHandler', () => {
  let app: InMemoryApplication;
  let task: TaskView;

  const update = (changes: UpdateTaskCommand['changes'], expectedVersion?: number) =>
    app.commands.execute(new UpdateTaskCommand(ALICE.value, task.id, changes, expectedVersion));
  const current = () => app.queries.execute(new GetTaskQuery(ALICE.value, task.id));
  const eventTypes = () => app.store.events(ALICE.value).map(({ event }) => event.type);

  beforeEach(async () => {
    app = createInMemoryApplication();
    task = await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Buy milk', 'Semi-skimmed'));
    app.clock.advance(60_000);
  });

  it('changes only the fields it is given, bumping the version and updated_at', async () => {
    const updated = await update({ title: ' Buy oat milk ' });

    expect(updated).to.deep.equal({
      ...task,
      title: 'Buy oat milk',
      updated_at: app.clock.now().toISOString(),
      version: 2,
    });
    expect(await current()).to.deep.equal(updated);
    expect(eventTypes()).to.deep.equal(['task.created', 'task.updated']);
  });

  it('replaces and clears the description', async () => {
    expect((await update({ description: 'Oat' })).description).to.equal('Oat');
    expect(await update({ description: null })).to.include({ description: null, version: 3 });
  });

  it('sets, moves and clears the due date', async () => {
    expect(await update({ due_date: '2026-12-24' })).to.include({ due_date: '2026-12-24', version: 2 });
    expect(await update({ due_date: '2027-01-06' })).to.include({ due_date: '2027-01-06', version: 3 });
    expect(await update({ due_date: null })).to.include({ due_date: null, version: 4 });
    expect(eventTypes()).to.deep.equal(['task.created', 'task.updated', 'task.updated', 'task.updated']);
  });

  it('changes the priority, leaving the other fields alone', async () => {
    await update({ due_date: '2026-12-24' });

    const updated = await update({ priority: 'medium' });

    expect(updated).to.include({ priority: 'medium', due_date: '2026-12-24', title: 'Buy milk', description: 'Semi-skimmed', version: 3 });
  });

  it('refuses an impossible due date and an unknown priority, naming both, and changes nothing', async () => {
    const error = await expectRejection(update({ due_date: '2026-13-01', priority: 'Top' }), DomainValidationError);

    expect(error.issues.map((issue) => issue.path)).to.deep.equal(['due_date', 'priority']);
    expect(await current()).to.deep.equal(task);
  });

  it('completes and reopens the task, setting and clearing completed_at', async () => {
    const completed = await update({ completed: true });
    expect(completed).to.include({ completed: true, completed_at: app.clock.now().toISOString(), version: 2 });

    app.clock.advance(1000);
    const reopened = await update({ completed: false });
    expect(reopened).to.include({ completed: false, completed_at: null, version: 3 });
    expect(eventTypes()).to.deep.equal(['task.created', 'task.completed', 'task.reopened']);
  });

  it('applies several fields as one change with a single version bump', async () => {
    const updated = await update({ title: 'Buy oat milk', description: null, completed: true });

    expect(updated).to.include({ title: 'Buy oat milk', description: null, completed: true, version: 2 });
    // After the inbox's list.created, the first change of the log.
    expect(app.store.events(ALICE.value).map(({ seq, event }) => [seq, event.type, event.task?.version])).to.deep.equal([
      [2, 'task.created', 1],
      [3, 'task.updated', 2],
      [4, 'task.completed', 2],
    ]);
  });

  it('answers the task unchanged, recording nothing, when nothing would change', async () => {
    const unchanged = await update({ title: 'Buy milk', description: 'Semi-skimmed', due_date: null, priority: 'none', completed: false });

    expect(unchanged).to.deep.equal(task);
    expect(eventTypes()).to.deep.equal(['task.created']);
  });

  it('requires at least one field', async () => {
    await expectRejection(update({}), DomainValidationError);

    expect(await current()).to.deep.equal(task);
  });

  it('reports every invalid field at once and changes nothing', async () => {
    const error = await expectRejection(update({ title: ' ', description: 'x'.repeat(1001), completed: true }), DomainValidationError);

    expect(error.issues.map((issue) => issue.path)).to.deep.equal(['title', 'description']);
    expect(await current()).to.deep.equal(task);
    expect(eventTypes()).to.deep.equal(['task.created']);
  });

  it('applies the change when the expected version is the current one', async () => {
    expect(await update({ title: 'Buy oat milk' }, 1)).to.include({ version: 2 });
  });

  it('refuses a stale expected version and changes nothing', async () => {
    await update({ title: 'Buy oat milk' });

    const error = await expectRejection(update({ title: 'Buy soy milk' }, 1), TaskVersionMismatchError);

    expect(error).to.include({ expected: 1, actual: 2 });
    expect(await current()).to.include({ title: 'Buy oat milk', version: 2 });
    expect(eventTypes()).to.deep.equal(['task.created', 'task.updated']);
  });

  it('does not find an unknown or malformed task id', async () => {
    const unknown = TaskMother.id().value;
    for (const taskId of [unknown, 'not-a-uuid', '']) {
      await expectRejection(app.commands.execute(new UpdateTaskCommand(ALICE.value, taskId, { title: 'x' })), TaskNotFoundError);
    }
    expect(eventTypes()).to.deep.equal(['task.created']);
  });

  it('finds the task by its id in upper case too', async () => {
    const updated = await app.commands.execute(new UpdateTaskCommand(ALICE.value, task.id.toUpperCase(), { title: 'Buy oat milk' }));

    expect(updated).to.include({ id: task.id, title: 'Buy oat milk' });
  });
});
