import { expect } from 'chai';
import { CreateListCommand } from '../../../../src/application/commands/create-list.js';
import { CreateTaskCommand } from '../../../../src/application/commands/create-task.js';
import type { TaskView } from '../../../../src/application/ports/task-read-model.js';
import { ListTasksQuery } from '../../../../src/application/queries/list-tasks.js';
import { ListNotFoundError } from '../../../../src/domain/index.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { createInMemoryApplication, type InMemoryApplication } from '../../../support/in-memory-application.js';
import { ALICE, BOB } from '../../../support/task-mother.js';
import { ListMother } from '../../../support/list-mother.js';

describe('ListTasksHandler: by list', () => {
  let app: InMemoryApplication;

  const createList = (name: string, owner = ALICE) => app.commands.execute(new CreateListCommand(owner.value, name));
  const createTask = (title: string, options: { list?: string; parent?: TaskView } = {}) =>
    app.commands.execute(new CreateTaskCommand(ALICE.value, title, null, undefined, undefined, options.parent?.id, undefined, options.list));

  beforeEach(() => {
    app = createInMemoryApplication();
  });

  const titles = async (params: Record<string, string | boolean>, owner = ALICE) =>
    (await app.queries.execute(new ListTasksQuery(owner.value, { sort: 'title', ...params }))).items.map((task) => task.title);

  it('keeps one list’s tasks, by id or as the inbox', async () => {
    const work = await createList('Work');
    await createTask('report', { list: work.id });
    await createTask('milk');

    expect(await titles({ list_id: work.id })).to.deep.equal(['report']);
    expect(await titles({ list_id: work.id.toUpperCase(), top_level: true })).to.deep.equal(['report']);
    expect(await titles({ list_id: 'inbox' })).to.deep.equal(['milk']);
  });

  it('answers an empty page for an empty list of the owner’s, and ListNotFoundError for any other', async () => {
    const empty = await createList('Empty');
    const foreign = await createList('Bob’s', BOB);

    expect(await titles({ list_id: empty.id })).to.deep.equal([]);
    expect(await titles({ list_id: 'inbox' }, BOB)).to.deep.equal([]);
    for (const listId of [foreign.id, ListMother.id().value, 'not-a-uuid']) {
      await expectRejection(app.queries.execute(new ListTasksQuery(ALICE.value, { list_id: listId })), ListNotFoundError);
      const nothingOverdue = { list_id: listId, overdue: true, status: 'completed' };
      await expectRejection(app.queries.execute(new ListTasksQuery(ALICE.value, nothingOverdue)), ListNotFoundError);
    }
    expect(await titles({ list_id: empty.id, overdue: true, status: 'completed' })).to.deep.equal([]);
  });
});
