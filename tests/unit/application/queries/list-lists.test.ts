import { expect } from 'chai';
import { CreateListCommand } from '../../../../src/application/commands/create-list.js';
import { GetListQuery } from '../../../../src/application/queries/get-list.js';
import { ListListsQuery } from '../../../../src/application/queries/list-lists.js';
import { ListNotFoundError } from '../../../../src/domain/index.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { createInMemoryApplication, type InMemoryApplication } from '../../../support/in-memory-application.js';
import { ALICE, BOB } from '../../../support/task-mother.js';
import { ListMother } from '../../../support/list-mother.js';

describe('ListListsHandler and GetListHandler', () => {
  let app: InMemoryApplication;

  const createList = (name: string, owner = ALICE) => app.commands.execute(new CreateListCommand(owner.value, name));

  beforeEach(() => {
    app = createInMemoryApplication();
  });

  it('give a new owner their inbox, made once however often they ask', async () => {
    const [first, second] = await Promise.all([
      app.queries.execute(new ListListsQuery(ALICE.value)),
      app.queries.execute(new ListListsQuery(ALICE.value)),
    ]);

    expect(first.items).to.have.length(1);
    expect(first.items[0]).to.include({ name: 'Inbox', is_inbox: true, version: 1 });
    expect(second).to.deep.equal(first);
    expect(app.lists.events().map((event) => event.type)).to.deep.equal(['list.created']);
  });

  it('find a list by id or by the inbox alias, and no list of another owner', async () => {
    const work = await createList('Work');
    const { items } = await app.queries.execute(new ListListsQuery(ALICE.value));
    const inbox = items.find((list) => list.is_inbox)!;

    expect(await app.queries.execute(new GetListQuery(ALICE.value, work.id))).to.deep.equal(work);
    expect(await app.queries.execute(new GetListQuery(ALICE.value, work.id.toUpperCase()))).to.deep.equal(work);
    expect(await app.queries.execute(new GetListQuery(ALICE.value, 'inbox'))).to.deep.equal(inbox);
    for (const id of [work.id, ListMother.id().value, 'not-a-uuid']) {
      await expectRejection(app.queries.execute(new GetListQuery(BOB.value, id)), ListNotFoundError);
    }
  });
});
