import { expect } from 'chai';
import { CreateListCommand } from '../../../../src/application/commands/create-list.js';
import { ListListsQuery } from '../../../../src/application/queries/list-lists.js';
import { DomainValidationError, ListLimitReachedError, ListNameTakenError } from '../../../../src/domain/index.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { createInMemoryApplication, type InMemoryApplication } from '../../../support/in-memory-application.js';
import { ALICE, BOB } from '../../../support/task-mother.js';

describe('CreateListHandler', () => {
  let app: InMemoryApplication;

  const createList = (name: string, owner = ALICE) => app.commands.execute(new CreateListCommand(owner.value, name));
  const names = async (owner = ALICE) => (await app.queries.execute(new ListListsQuery(owner.value))).items.map((list) => list.name);
  const listEventTypes = () => app.lists.events().map((event) => `${event.type} ${event.list?.name ?? event.listId}`);

  beforeEach(() => {
    app = createInMemoryApplication();
  });

  it('adds lists at the end of the order, after the inbox, with list.created each', async () => {
    const work = await createList('  Work  ');
    await createList('Home');

    expect(work).to.include({ name: 'Work', is_inbox: false, version: 1 });
    expect(await names()).to.deep.equal(['Inbox', 'Work', 'Home']);
    expect(listEventTypes()).to.deep.equal(['list.created Inbox', 'list.created Work', 'list.created Home']);
  });

  it('refuses a name the owner already has in any case, and a blank or long one, naming the field', async () => {
    await createList('Work');

    await expectRejection(createList('WORK'), ListNameTakenError);
    await expectRejection(createList('inbox'), ListNameTakenError);
    const blank = await expectRejection(createList('   '), DomainValidationError);
    expect(blank.issues.map((issue) => issue.path)).to.deep.equal(['name']);
    await expectRejection(createList('x'.repeat(101)), DomainValidationError);
    expect(await createList('x'.repeat(100))).to.include({ name: 'x'.repeat(100) });
    expect(await createList('Work', BOB)).to.include({ name: 'Work' });
  });

  it('refuses a list beyond MAX_LISTS_PER_USER, the inbox counted', async () => {
    app = createInMemoryApplication({ maxListsPerUser: 3 });
    await createList('a');
    await createList('b');

    const refused = await expectRejection(createList('c'), ListLimitReachedError);
    expect(refused.limit).to.equal(3);
    expect(await names()).to.deep.equal(['Inbox', 'a', 'b']);
  });
});
