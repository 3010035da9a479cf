import { expect } from 'chai';
import { CreateListCommand } from '../../../../src/application/commands/create-list.js';
import { CreateTaskCommand } from '../../../../src/application/commands/create-task.js';
import { DeleteListCommand } from '../../../../src/application/commands/delete-list.js';
import type { TaskView } from '../../../../src/application/ports/task-read-model.js';
import { GetListQuery } from '../../../../src/application/queries/get-list.js';
import { ListListsQuery } from '../../../../src/application/queries/list-lists.js';
import { ListTasksQuery } from '../../../../src/application/queries/list-tasks.js';
import { InboxNotDeletableError, ListNotFoundError, ListVersionMismatchError } from '../../../../src/domain/index.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { createInMemoryApplication, type InMemoryApplication } from '../../../support/in-memory-application.js';
import { ALICE, BOB } from '../../../support/task-mother.js';

describe('DeleteListHandler', () => {
  let app: InMemoryApplication;

  const createList = (name: string, owner = ALICE) => app.commands.execute(new CreateListCommand(owner.value, name));
  const names = async (owner = ALICE) => (await app.queries.execute(new ListListsQuery(owner.value))).items.map((list) => list.name);
  const createTask = (title: string, options: { list?: string; parent?: TaskView } = {}) =>
    app.commands.execute(new CreateTaskCommand(ALICE.value, title, null, undefined, undefined, options.parent?.id, undefined, options.list));

  beforeEach(() => {
    app = createInMemoryApplication();
  });

  it('deletes the list and every task in it, subtasks first, each with task.deleted, then list.deleted', async () => {
    const work = await createList('Work');
    const parent = await createTask('parent', { list: work.id });
    const child = await createTask('child', { parent });
    const grandchild = await createTask('grandchild', { parent: child });
    const kept = await createTask('kept');
    const before = app.store.events(ALICE.value).length;

    await app.commands.execute(new DeleteListCommand(ALICE.value, work.id, 1));

    const deleted = app.store.events(ALICE.value).slice(before).map(({ event }) => [event.type, event.taskId]);
    expect(deleted).to.deep.equal([
      ['task.deleted', grandchild.id],
      ['task.deleted', child.id],
      ['task.deleted', parent.id],
    ]);
    expect(app.lists.events().at(-1)).to.include({ type: 'list.deleted', listId: work.id, list: null });
    expect((await app.queries.execute(new ListTasksQuery(ALICE.value))).items.map((task) => task.id)).to.deep.equal([kept.id]);
    expect(await names()).to.deep.equal(['Inbox']);
    await expectRejection(app.queries.execute(new GetListQuery(ALICE.value, work.id)), ListNotFoundError);
  });

  it('refuses the inbox, a stale version and another owner’s list, deleting nothing', async () => {
    const work = await createList('Work');
    const task = await createTask('in work', { list: work.id });
    await createTask('in the inbox');

    await expectRejection(app.commands.execute(new DeleteListCommand(ALICE.value, 'inbox')), InboxNotDeletableError);
    await expectRejection(app.commands.execute(new DeleteListCommand(ALICE.value, work.id, 2)), ListVersionMismatchError);
    await expectRejection(app.commands.execute(new DeleteListCommand(BOB.value, work.id)), ListNotFoundError);

    expect((await app.queries.execute(new ListTasksQuery(ALICE.value))).items).to.have.length(2);
    expect(await app.queries.execute(new GetListQuery(ALICE.value, work.id))).to.include({ version: 1 });
    expect(task.list_id).to.equal(work.id);
  });
});
