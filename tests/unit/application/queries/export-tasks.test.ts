import { expect } from 'chai';
import { v7 } from 'uuid';
import { toListView } from '../../../../src/application/list-view.js';
import type { TaskView } from '../../../../src/application/ports/task-read-model.js';
import { ListId, ListName, Position, TaskList, UserId } from '../../../../src/domain/index.js';
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

  /** Tasks of one list in manual order, each indented under its parent. */
  function outlineIn(tasks: readonly TaskView[]): string[] {
    const under = (parentId: string | null, indent: string): string[] =>
      tasks
        .filter((task) => task.parent_id === parentId)
        .sort((a, b) => (a.position < b.position ? -1 : 1))
        .flatMap((task) => [`${indent}${task.title}`, ...under(task.id, `${indent}  `)]);
    return under(null, '');
  }

  /** A list of the owner's at `position`, stored as a command would store it. */
  async function addList(userId: string, name: string, position: string): Promise<TaskList> {
    const list = TaskList.create({ id: ListId.from(v7()), owner: UserId.from(userId), name: ListName.from(name), position: Position.from(position), now: app.clock.now() });
    await app.lists.persist(list);
    return list;
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
      lists: app.lists.listsInOrder(ALICE.value).map(toListView),
      tasks: [
        await app.queries.execute(new GetTaskQuery(ALICE.value, first.id)),
        await app.queries.execute(new GetTaskQuery(ALICE.value, second.id)),
      ],
    });
  });

  it('is what an import takes back', async () => {
    await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Round trip', 'kept'));
    const exported = await exportOf(ALICE.value);

    await app.commands.execute(new ImportTasksCommand(BOB.value, exported.tasks, exported.lists));

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

    const exported = await exportOf(ALICE.value);
    await app.commands.execute(new ImportTasksCommand(BOB.value, exported.tasks, exported.lists));

    expect(await outlineOf(ALICE.value)).to.deep.equal(['Work', 'Errands', '  Bread', '    Wholemeal', '  Milk']);
    expect(await outlineOf(BOB.value)).to.deep.equal(['Bob’s own', 'Work', 'Errands', '  Bread', '    Wholemeal', '  Milk']);
  });

  it('answers the user’s lists in their order, each task naming its list', async () => {
    const inbox = await app.commands.execute(new CreateTaskCommand(ALICE.value, 'In the inbox'));
    const home = await addList(ALICE.value, 'Home', 'a5');
    const work = await addList(ALICE.value, 'Work', 'a2');
    const homely = await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Sweep', null, undefined, undefined, undefined, undefined, home.id.value));
    await addList(BOB.value, 'Bob’s', 'a1');

    const exported = await exportOf(ALICE.value);

    expect(exported.lists.map((list) => [list.name, list.is_inbox])).to.deep.equal([['Inbox', true], ['Work', false], ['Home', false]]);
    expect(exported.lists[1]).to.deep.equal(toListView(work.snapshot()));
    expect(exported.tasks.map((task) => [task.title, task.list_id])).to.deep.equal([
      ['In the inbox', inbox.list_id],
      ['Sweep', home.id.value],
    ]);
    expect(homely.list_id).to.equal(home.id.value);
  });

  it('is taken back into another user with the lists, hierarchy and order of each', async () => {
    const home = await addList(ALICE.value, 'Home', 'a5');
    const create = (title: string, options: { parentId?: string; listId?: string } = {}) =>
      app.commands.execute(new CreateTaskCommand(ALICE.value, title, null, undefined, undefined, options.parentId, undefined, options.listId));
    const sweep = await create('Sweep', { listId: home.id.value });
    await create('Kitchen', { parentId: sweep.id });
    const dishes = await create('Dishes', { listId: home.id.value });
    await create('Errand');
    await app.commands.execute(new MoveTaskCommand(ALICE.value, dishes.id, { side: 'after', neighbourId: null }));
    await app.commands.execute(new CreateTaskCommand(BOB.value, 'Bob’s own'));
    const exported = await exportOf(ALICE.value);

    await app.commands.execute(new ImportTasksCommand(BOB.value, exported.tasks, exported.lists));

    const bobs = await exportOf(BOB.value);
    expect(bobs.lists.map((list) => list.name)).to.deep.equal(['Inbox', 'Home']);
    expect(bobs.lists[1]!.id).to.not.equal(home.id.value);
    const outline = async (userId: string) => {
      const { lists, tasks } = await exportOf(userId);
      return lists.map((list) => `${list.name}: ${outlineIn(tasks.filter((task) => task.list_id === list.id)).join(', ')}`);
    };
    expect(await outline(ALICE.value)).to.deep.equal(['Inbox: Errand', 'Home: Dishes, Sweep,   Kitchen']);
    expect(await outline(BOB.value)).to.deep.equal(['Inbox: Bob’s own, Errand', 'Home: Dishes, Sweep,   Kitchen']);
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
