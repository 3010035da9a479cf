import { expect } from 'chai';
import { CreateTaskCommand } from '../../../../src/application/commands/create-task.js';
import { DeleteTaskCommand } from '../../../../src/application/commands/delete-task.js';
import { ImportTasksCommand } from '../../../../src/application/commands/import-tasks.js';
import { MoveTaskCommand } from '../../../../src/application/commands/move-task.js';
import { UserNotFoundError } from '../../../../src/application/errors.js';
import { ExportTasksQuery } from '../../../../src/application/queries/export-tasks.js';
import { GetTaskQuery } from '../../../../src/application/queries/get-task.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { createInMemoryApplication, type InMemoryApplication } from '../../../support/in-memory-application.js';
import { ALICE, BOB } from '../../../support/task-mother.js';

describe('ExportTasksHandler', () => {
  let app: InMemoryApplication;

  const exportOf = (userId: string) => app.queries.execute(new ExportTasksQuery(userId));

  /** The owner's tasks in manual order, each indented under its parent, from the export itself. */
  async function outlineOf(userId: string): Promise<string[]> {
    const { tasks } = await exportOf(userId);
    const under = (parentId: string | null, indent: string): string[] =>
      tasks
        .filter((task) => task.parent_id === parentId)
        .sort((a, b) => (a.position < b.position ? -1 : 1))
        .flatMap((task) => [`${indent}${task.title}`, ...under(task.id, `${indent}  `)]);
    return under(null, '');
  }

  beforeEach(() => {
    app = createInMemoryApplication({ now: new Date('2026-11-25T10:00:00.000Z') });
  });

  it('answers all of the user’s tasks, oldest first, in their wire shape, stamped with the time', async () => {
    const first = await app.commands.execute(new CreateTaskCommand(ALICE.value, 'First'));
    app.clock.advance(1000);
    const second = await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Second', 'details'));
    await app.commands.execute(new CreateTaskCommand(BOB.value, 'Bob’s'));
    app.clock.advance(1000);

    expect(await exportOf(ALICE.value)).to.deep.equal({
      user_id: ALICE.value,
      exported_at: '2026-11-25T10:00:02.000Z',
      tasks: [
        await app.queries.execute(new GetTaskQuery(ALICE.value, first.id)),
        await app.queries.execute(new GetTaskQuery(ALICE.value, second.id)),
      ],
    });
  });

  it('is what an import takes back', async () => {
    await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Round trip', 'kept'));
    const exported = await exportOf(ALICE.value);

    await app.commands.execute(new ImportTasksCommand(BOB.value, exported.tasks));

    // Each owner's tasks are in their own inbox.
    expect((await exportOf(BOB.value)).tasks.map(({ id: _id, user_id: _user, list_id: _list, ...task }) => task)).to.deep.equal(
      exported.tasks.map(({ id: _id, user_id: _user, list_id: _list, ...task }) => task),
    );
  });

  it('is taken back into another user with the same hierarchy and manual order, whatever that user has already', async () => {
    const create = (title: string, parentId?: string) => app.commands.execute(new CreateTaskCommand(ALICE.value, title, null, undefined, undefined, parentId));
    const errands = await create('Errands');
    const work = await create('Work');
    const milk = await create('Milk', errands.id);
    const bread = await create('Bread', errands.id);
    await create('Wholemeal', bread.id);
    await app.commands.execute(new MoveTaskCommand(ALICE.value, work.id, { side: 'after', neighbourId: null }));
    await app.commands.execute(new MoveTaskCommand(ALICE.value, bread.id, { side: 'before', neighbourId: milk.id }));
    await app.commands.execute(new CreateTaskCommand(BOB.value, 'Bob’s own'));

    await app.commands.execute(new ImportTasksCommand(BOB.value, (await exportOf(ALICE.value)).tasks));

    expect(await outlineOf(ALICE.value)).to.deep.equal(['Work', 'Errands', '  Bread', '    Wholemeal', '  Milk']);
    expect(await outlineOf(BOB.value)).to.deep.equal(['Bob’s own', 'Work', 'Errands', '  Bread', '    Wholemeal', '  Milk']);
  });

  it('answers an empty list for a user whose tasks are all deleted', async () => {
    const task = await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Gone'));
    await app.commands.execute(new DeleteTaskCommand(ALICE.value, task.id));

    expect((await exportOf(ALICE.value)).tasks).to.deep.equal([]);
  });

  it('refuses a user it holds nothing about', async () => {
    await expectRejection(exportOf(ALICE.value), UserNotFoundError);
  });
});
