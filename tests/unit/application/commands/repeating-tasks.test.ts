import { expect } from 'chai';
import { CreateTaskCommand } from '../../../../src/application/commands/create-task.js';
import { SetTaskCompletionCommand } from '../../../../src/application/commands/set-task-completion.js';
import { UpdateTaskCommand } from '../../../../src/application/commands/update-task.js';
import { InvalidQueryError } from '../../../../src/application/errors.js';
import type { TaskView } from '../../../../src/application/ports/task-read-model.js';
import { GetTaskQuery } from '../../../../src/application/queries/get-task.js';
import { ListTasksQuery } from '../../../../src/application/queries/list-tasks.js';
import { DomainValidationError } from '../../../../src/domain/index.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { createInMemoryApplication, type InMemoryApplication } from '../../../support/in-memory-application.js';
import { ALICE } from '../../../support/task-mother.js';

describe('Repeating tasks through the commands', () => {
  let app: InMemoryApplication;

  const create = (dueDate: string | null, repeat?: string | null, repeatFrom?: string) =>
    app.commands.execute(new CreateTaskCommand(ALICE.value, 'Water the plants', null, dueDate, undefined, undefined, undefined, undefined, repeat, repeatFrom));
  const complete = (task: TaskView, timeZone?: string) =>
    app.commands.execute(new SetTaskCompletionCommand(ALICE.value, task.id, true, undefined, timeZone));
  const update = (task: TaskView, changes: ConstructorParameters<typeof UpdateTaskCommand>[2], timeZone?: string) =>
    app.commands.execute(new UpdateTaskCommand(ALICE.value, task.id, changes, undefined, timeZone));
  const eventTypes = () => app.store.events(ALICE.value).map(({ event }) => event.type);
  const pathsOf = async (promise: Promise<unknown>) => (await expectRejection(promise, DomainValidationError)).issues.map((issue) => issue.path);

  beforeEach(() => {
    app = createInMemoryApplication();
    // Monday 7 December 2026, 23:30 UTC: already Tuesday the 8th in Tokyo, still Monday in New York.
    app.clock.set(new Date('2026-12-07T23:30:00.000Z'));
  });

  it('creates a task with its rule normalized, repeating from its due date unless told otherwise', async () => {
    const task = await create('2026-12-07', 'rrule:freq=weekly;byday=mo;interval=1');
    expect(task).to.include({ repeat: 'FREQ=WEEKLY;BYDAY=MO', repeat_from: 'due', due_date: '2026-12-07' });
    const keys = Object.keys(task);
    expect(keys.slice(keys.indexOf('labels'), keys.indexOf('labels') + 4)).to.deep.equal(['labels', 'repeat', 'repeat_from', 'created_at']);
    expect(await create('2026-12-07', 'FREQ=DAILY', 'completion')).to.include({ repeat_from: 'completion' });
    expect(await create(null)).to.include({ repeat: null, repeat_from: 'due' });
  });

  it('refuses a repeat without a due date, a bad rule or a bad repeat_from, naming the field', async () => {
    expect(await pathsOf(create(null, 'FREQ=DAILY'))).to.deep.equal(['repeat']);
    expect(await pathsOf(create('2026-12-07', 'FREQ=HOURLY'))).to.deep.equal(['repeat']);
    expect(await pathsOf(create('2026-12-07', 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30'))).to.deep.equal(['repeat']);
    expect(await pathsOf(create('2026-12-07', 'FREQ=DAILY', 'later'))).to.deep.equal(['repeat_from']);
    expect(eventTypes()).to.deep.equal([]);
  });

  it('completing moves the task on, pending, version + 1, with task.repeated', async () => {
    const task = await create('2026-12-07', 'FREQ=WEEKLY;BYDAY=MO');
    const completed = await complete(task, 'America/New_York');

    expect(completed).to.include({ id: task.id, due_date: '2026-12-14', completed: false, completed_at: null, version: 2 });
    expect(await app.queries.execute(new GetTaskQuery(ALICE.value, task.id))).to.deep.equal(completed);
    expect(eventTypes()).to.deep.equal(['task.created', 'task.repeated']);
  });

  it('takes "today" in the time zone given, UTC when none is', async () => {
    const inUtc = await create('2026-12-01', 'FREQ=DAILY');
    const inTokyo = await create('2026-12-01', 'FREQ=DAILY');
    const inNewYork = await create('2026-12-01', 'FREQ=DAILY;INTERVAL=2', 'completion');

    expect((await complete(inUtc)).due_date).to.equal('2026-12-08');
    expect((await complete(inTokyo, 'Asia/Tokyo')).due_date).to.equal('2026-12-09');
    expect((await update(inNewYork, { completed: true }, 'America/New_York')).due_date).to.equal('2026-12-09');
  });

  it('refuses a time zone that is none, changing nothing', async () => {
    const task = await create('2026-12-07', 'FREQ=DAILY');
    await expectRejection(complete(task, 'Mars/Olympus'), InvalidQueryError);
    await expectRejection(update(task, { completed: true }, '+01:00'), InvalidQueryError);
    expect(eventTypes()).to.deep.equal(['task.created']);
  });

  it('closes the task on the last completion of a COUNT', async () => {
    const task = await create('2026-12-07', 'FREQ=DAILY;COUNT=2');
    expect(await complete(task)).to.include({ due_date: '2026-12-08', repeat: 'FREQ=DAILY;COUNT=1', completed: false });
    expect(await complete(task)).to.include({ due_date: '2026-12-08', repeat: 'FREQ=DAILY;COUNT=1', completed: true });
    expect(eventTypes()).to.deep.equal(['task.created', 'task.repeated', 'task.completed']);
  });

  it('edits the rule; clearing the due date clears it, a rule with no due date is refused', async () => {
    const task = await create('2026-12-07', null);
    expect(await update(task, { repeat: 'freq=monthly;byday=-1fr', repeat_from: 'completion' })).to.include({
      repeat: 'FREQ=MONTHLY;BYDAY=-1FR',
      repeat_from: 'completion',
    });
    expect(await update(task, { due_date: '2026-12-24' })).to.include({ repeat: 'FREQ=MONTHLY;BYDAY=-1FR', due_date: '2026-12-24' });
    expect(await update(task, { due_date: null })).to.include({ repeat: null, due_date: null });
    expect(await pathsOf(update(task, { repeat: 'FREQ=DAILY' }))).to.deep.equal(['repeat']);
    expect(await pathsOf(update(task, { repeat_from: 'sometimes' }))).to.deep.equal(['repeat_from']);
  });

  it('lists repeating tasks, or the others', async () => {
    const repeating = await create('2026-12-07', 'FREQ=DAILY');
    const once = await create('2026-12-07');
    const list = async (repeating?: boolean) =>
      (await app.queries.execute(new ListTasksQuery(ALICE.value, repeating === undefined ? {} : { repeating }))).items.map((task) => task.id);

    expect(await list(true)).to.deep.equal([repeating.id]);
    expect(await list(false)).to.deep.equal([once.id]);
    expect(await list()).to.have.members([repeating.id, once.id]);
  });
});
