import { expect } from 'chai';
import { DeleteLabelCommand, MAX_TASKS_PER_LABEL_CHANGE, RenameLabelCommand } from '../../../../src/application/commands/change-label.js';
import { CreateTaskCommand } from '../../../../src/application/commands/create-task.js';
import { UpdateTaskCommand } from '../../../../src/application/commands/update-task.js';
import { InvalidQueryError, LabelChangeTooLargeError } from '../../../../src/application/errors.js';
import { ListLabelsQuery } from '../../../../src/application/queries/list-labels.js';
import { ListTasksQuery } from '../../../../src/application/queries/list-tasks.js';
import { DomainValidationError, LabelLimitReachedError, LabelNotFoundError } from '../../../../src/domain/index.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { createInMemoryApplication, type InMemoryApplication } from '../../../support/in-memory-application.js';
import { ALICE, BOB } from '../../../support/task-mother.js';

describe('Labels: tasks with labels, the label filter, and changes to a label across tasks', () => {
  let app: InMemoryApplication;
  const create = (title: string, labels?: string[], owner = ALICE) =>
    app.commands.execute(new CreateTaskCommand(owner.value, title, null, undefined, undefined, undefined, labels));
  const labelsOf = (owner = ALICE) => app.queries.execute(new ListLabelsQuery(owner.value));
  const titlesWith = async (label: string, owner = ALICE) =>
    (await app.queries.execute(new ListTasksQuery(owner.value, { label, sort: 'title' }))).items.map((task) => [task.title, task.labels]);
  const eventsOf = (owner = ALICE) => app.store.events(owner.value).map(({ event }) => [event.type, event.task?.title, event.task?.labels]);

  beforeEach(() => {
    app = createInMemoryApplication();
  });

  it('creates a task with its labels normalized, and without any when none are given', async () => {
    expect((await create('a', [' Work ', 'home', 'WORK'])).labels).to.deep.equal(['Work', 'home']);
    expect((await create('b')).labels).to.deep.equal([]);
  });

  it('refuses a bad label as a validation error naming it, and a 21st label with the limit error', async () => {
    const invalid = await expectRejection(create('a', ['ok', '']), DomainValidationError);
    expect(invalid.issues.map((issue) => issue.path)).to.deep.equal(['labels[1]']);
    const tooMany = Array.from({ length: 21 }, (_, index) => `l${index}`);
    expect((await expectRejection(create('a', tooMany), LabelLimitReachedError)).limit).to.equal(20);
  });

  it('replaces a task’s labels on update, recording task.updated, and nothing for the same set in another order', async () => {
    const task = await create('a', ['x', 'y']);

    const updated = await app.commands.execute(new UpdateTaskCommand(ALICE.value, task.id, { labels: ['z'] }));
    const same = await app.commands.execute(new UpdateTaskCommand(ALICE.value, task.id, { labels: ['z'] }));

    expect(updated).to.deep.include({ labels: ['z'], version: 2 });
    expect(same.version).to.equal(2);
    expect(eventsOf()).to.deep.equal([
      ['task.created', 'a', ['x', 'y']],
      ['task.updated', 'a', ['z']],
    ]);
  });

  it('filters by any of several labels, ignoring case, and refuses a filter that names no label', async () => {
    await create('a', ['Work']);
    await create('b', ['home']);
    await create('c', ['errands']);
    await create('d', ['work'], BOB);

    expect(await titlesWith('WORK')).to.deep.equal([['a', ['Work']]]);
    expect(await titlesWith('work,Home')).to.deep.equal([
      ['a', ['Work']],
      ['b', ['home']],
    ]);
    await expectRejection(titlesWith('work,,home'), InvalidQueryError);
  });

  it('lists the user’s labels once each, sorted ignoring case, with their task counts', async () => {
    await create('a', ['Work', 'b-side']);
    await create('b', ['work']);
    await create('c', ['Alpha'], BOB);

    expect(await labelsOf()).to.deep.equal({
      items: [
        { name: 'b-side', task_count: 1 },
        { name: 'Work', task_count: 2 },
      ],
    });
  });

  describe('rename', () => {
    it('renames the label on every task of the user’s that has it, each with its own task.updated, and no one else’s', async () => {
      await create('a', ['work', 'x']);
      await create('b', ['Work']);
      await create('c', ['other']);
      await create('bob', ['work'], BOB);

      const renamed = await app.commands.execute(new RenameLabelCommand(ALICE.value, 'WORK', ' Job '));

      expect(renamed).to.deep.equal({ name: 'Job', task_count: 2 });
      expect(await titlesWith('job')).to.deep.equal([
        ['a', ['Job', 'x']],
        ['b', ['Job']],
      ]);
      expect(eventsOf().slice(3)).to.deep.equal([
        ['task.updated', 'a', ['Job', 'x']],
        ['task.updated', 'b', ['Job']],
      ]);
      expect(await titlesWith('work', BOB)).to.deep.equal([['bob', ['work']]]);
    });

    it('merges the label into another one of the new name in any case, keeping it once, spelled as asked', async () => {
      await create('a', ['home', 'work']);
      await create('b', ['Home']);
      await create('c', ['work']);

      const merged = await app.commands.execute(new RenameLabelCommand(ALICE.value, 'work', 'home'));

      expect(merged).to.deep.equal({ name: 'home', task_count: 3 });
      expect(await labelsOf()).to.deep.equal({ items: [{ name: 'home', task_count: 3 }] });
      expect(await titlesWith('home')).to.deep.equal([
        ['a', ['home']],
        ['b', ['home']],
        ['c', ['home']],
      ]);
    });

    it('is not found for a label the user does not have, even if another user has it, and refuses a bad new name', async () => {
      await create('bob', ['work'], BOB);
      await create('a', ['home']);

      await expectRejection(app.commands.execute(new RenameLabelCommand(ALICE.value, 'work', 'job')), LabelNotFoundError);
      await expectRejection(app.commands.execute(new RenameLabelCommand(ALICE.value, '', 'job')), LabelNotFoundError);
      await expectRejection(app.commands.execute(new RenameLabelCommand(ALICE.value, 'home', '  ')), DomainValidationError);
      expect(app.store.events(BOB.value)).to.have.length(1);
    });
  });

  describe('delete', () => {
    it('takes the label off every task of the user’s that has it, each with its own task.updated', async () => {
      await create('a', ['Work', 'x']);
      await create('b', ['work']);
      await create('bob', ['work'], BOB);

      await app.commands.execute(new DeleteLabelCommand(ALICE.value, 'WORK'));

      expect(await labelsOf()).to.deep.equal({ items: [{ name: 'x', task_count: 1 }] });
      expect(eventsOf().slice(2)).to.deep.equal([
        ['task.updated', 'a', ['x']],
        ['task.updated', 'b', []],
      ]);
      expect(await labelsOf(BOB)).to.deep.equal({ items: [{ name: 'work', task_count: 1 }] });
      await expectRejection(app.commands.execute(new DeleteLabelCommand(ALICE.value, 'work')), LabelNotFoundError);
    });
  });

  it(`changes a label on at most ${MAX_TASKS_PER_LABEL_CHANGE} tasks at once, refusing more and changing nothing`, async function () {
    this.timeout(20_000);
    for (let index = 0; index <= MAX_TASKS_PER_LABEL_CHANGE; index++) await create(`t${index}`, ['bulk']);
    const before = app.store.events(ALICE.value).length;

    const refusal = await expectRejection(app.commands.execute(new DeleteLabelCommand(ALICE.value, 'bulk')), LabelChangeTooLargeError);

    expect(refusal.limit).to.equal(MAX_TASKS_PER_LABEL_CHANGE);
    expect(app.store.events(ALICE.value)).to.have.length(before);
  });
});
