import { expect } from 'chai';
import { CreateListCommand } from '../../../../src/application/commands/create-list.js';
import { RenameListCommand } from '../../../../src/application/commands/rename-list.js';
import { GetListQuery } from '../../../../src/application/queries/get-list.js';
import { ListListsQuery } from '../../../../src/application/queries/list-lists.js';
import { DomainValidationError, ListNameTakenError, ListNotFoundError, ListVersionMismatchError } from '../../../../src/domain/index.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { createInMemoryApplication, type InMemoryApplication } from '../../../support/in-memory-application.js';
import { ALICE, BOB } from '../../../support/task-mother.js';

describe('RenameListHandler', () => {
  let app: InMemoryApplication;

  const createList = (name: string, owner = ALICE) => app.commands.execute(new CreateListCommand(owner.value, name));
  const names = async (owner = ALICE) => (await app.queries.execute(new ListListsQuery(owner.value))).items.map((list) => list.name);
  const listEventTypes = () => app.lists.events().map((event) => `${event.type} ${event.list?.name ?? event.listId}`);

  beforeEach(() => {
    app = createInMemoryApplication();
  });

  it('renames a list, the inbox too, bumping the version once with list.updated', async () => {
    const work = await createList('Work');

    const renamed = await app.commands.execute(new RenameListCommand(ALICE.value, work.id, 'Office', 1));
    const inbox = await app.commands.execute(new RenameListCommand(ALICE.value, 'inbox', 'Later'));

    expect(renamed).to.include({ id: work.id, name: 'Office', version: 2 });
    expect(inbox).to.include({ name: 'Later', is_inbox: true, version: 2 });
    expect(await names()).to.deep.equal(['Later', 'Office']);
    expect(listEventTypes().slice(-2)).to.deep.equal(['list.updated Office', 'list.updated Later']);
  });

  it('refuses a stale version, a taken name, and a list that is not the owner’s', async () => {
    const work = await createList('Work');
    await createList('Home');

    await expectRejection(app.commands.execute(new RenameListCommand(ALICE.value, work.id, 'Office', 2)), ListVersionMismatchError);
    await expectRejection(app.commands.execute(new RenameListCommand(ALICE.value, work.id, 'HOME')), ListNameTakenError);
    await expectRejection(app.commands.execute(new RenameListCommand(BOB.value, work.id, 'Mine')), ListNotFoundError);
    await expectRejection(app.commands.execute(new RenameListCommand(ALICE.value, work.id, '')), DomainValidationError);
    expect(await app.queries.execute(new GetListQuery(ALICE.value, work.id))).to.include({ name: 'Work', version: 1 });
  });
});
