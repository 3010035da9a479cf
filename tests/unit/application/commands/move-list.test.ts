import { expect } from 'chai';
import { CreateListCommand } from '../../../../src/application/commands/create-list.js';
import { MoveListCommand, type RequestedListMove } from '../../../../src/application/commands/move-list.js';
import type { ListView } from '../../../../src/application/list-view.js';
import { ListListsQuery } from '../../../../src/application/queries/list-lists.js';
import { DomainValidationError, ListNotFoundError, ListVersionMismatchError } from '../../../../src/domain/index.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { createInMemoryApplication, type InMemoryApplication } from '../../../support/in-memory-application.js';
import { ALICE, BOB } from '../../../support/task-mother.js';
import { ListMother } from '../../../support/list-mother.js';

describe('MoveListHandler', () => {
  let app: InMemoryApplication;

  const createList = (name: string, owner = ALICE) => app.commands.execute(new CreateListCommand(owner.value, name));
  const names = async (owner = ALICE) => (await app.queries.execute(new ListListsQuery(owner.value))).items.map((list) => list.name);
  const move = (list: ListView | string, to: RequestedListMove, expectedVersion?: number, owner = ALICE) =>
    app.commands.execute(new MoveListCommand(owner.value, typeof list === 'string' ? list : list.id, to, expectedVersion));

  beforeEach(() => {
    app = createInMemoryApplication();
  });

  it('moves a list beside another, or to the start or the end, the inbox alias included', async () => {
    const a = await createList('a');
    const b = await createList('b');
    const c = await createList('c');

    await move(c, { side: 'after', neighbourId: null });
    expect(await names()).to.deep.equal(['c', 'Inbox', 'a', 'b']);
    await move(c, { side: 'before', neighbourId: null });
    expect(await names()).to.deep.equal(['Inbox', 'a', 'b', 'c']);
    await move(a, { side: 'after', neighbourId: b.id });
    expect(await names()).to.deep.equal(['Inbox', 'b', 'a', 'c']);
    await move('inbox', { side: 'before', neighbourId: c.id });
    expect(await names()).to.deep.equal(['b', 'a', 'Inbox', 'c']);
    await move(c, { side: 'before', neighbourId: 'inbox' });
    expect(await names()).to.deep.equal(['b', 'a', 'c', 'Inbox']);
  });

  it('changes nothing for a move to where the list already is', async () => {
    const a = await createList('a');
    await createList('b');
    const before = app.lists.events().length;

    expect(await move(a, { side: 'after', neighbourId: 'inbox' })).to.include({ version: 1, position: a.position });
    expect(await move(a, { side: 'before', neighbourId: (await createList('c')).id })).to.include({ version: 2 });
    expect(app.lists.events().slice(before).map((event) => event.type)).to.deep.equal(['list.created', 'list.updated']);
  });

  it('refuses a neighbour that is not another of the owner’s lists, naming the field, and a stale version', async () => {
    const a = await createList('a');
    const foreign = await createList('b', BOB);

    for (const neighbourId of [a.id, foreign.id, 'nonsense', ListMother.id().value]) {
      const refused = await expectRejection(move(a, { side: 'after', neighbourId }), DomainValidationError);
      expect(refused.issues.map((issue) => issue.path)).to.deep.equal(['after_id']);
    }
    await expectRejection(move(a, { side: 'after', neighbourId: null }, 7), ListVersionMismatchError);
    await expectRejection(move(foreign, { side: 'after', neighbourId: null }), ListNotFoundError);
  });
});
