import { expect } from 'chai';
import { CreateListCommand } from '../../../../src/application/commands/create-list.js';
import { CreateTaskCommand } from '../../../../src/application/commands/create-task.js';
import { DeleteListCommand } from '../../../../src/application/commands/delete-list.js';
import { MoveListCommand, type RequestedListMove } from '../../../../src/application/commands/move-list.js';
import { RenameListCommand } from '../../../../src/application/commands/rename-list.js';
import type { ListView } from '../../../../src/application/list-view.js';
import type { TaskView } from '../../../../src/application/ports/task-read-model.js';
import { GetListQuery } from '../../../../src/application/queries/get-list.js';
import { ListListsQuery } from '../../../../src/application/queries/list-lists.js';
import { ListTasksQuery } from '../../../../src/application/queries/list-tasks.js';
import {
  DomainValidationError,
  InboxNotDeletableError,
  ListLimitReachedError,
  ListNameTakenError,
  ListNotFoundError,
  ListVersionMismatchError,
} from '../../../../src/domain/index.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { createInMemoryApplication, type InMemoryApplication } from '../../../support/in-memory-application.js';
import { ALICE, BOB } from '../../../support/task-mother.js';
import { ListMother } from '../../../support/list-mother.js';

describe('List commands and queries', () => {
  let app: InMemoryApplication;

  const createList = (name: string, owner = ALICE) => app.commands.execute(new CreateListCommand(owner.value, name));
  const names = async (owner = ALICE) => (await app.queries.execute(new ListListsQuery(owner.value))).items.map((list) => list.name);
  const createTask = (title: string, options: { list?: string; parent?: TaskView } = {}) =>
    app.commands.execute(new CreateTaskCommand(ALICE.value, title, null, undefined, undefined, options.parent?.id, undefined, options.list));
  const move = (list: ListView | string, to: RequestedListMove, expectedVersion?: number, owner = ALICE) =>
    app.commands.execute(new MoveListCommand(owner.value, typeof list === 'string' ? list : list.id, to, expectedVersion));
  const listEventTypes = () => app.lists.events().map((event) => `${event.type} ${event.list?.name ?? event.listId}`);

  beforeEach(() => {
    app = createInMemoryApplication();
  });

  describe('ListListsQuery and GetListQuery', () => {
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

  describe('CreateListCommand', () => {
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

  describe('RenameListCommand', () => {
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

  describe('MoveListCommand', () => {
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

  describe('ListTasksQuery by list', () => {
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
      }
    });
  });

  describe('DeleteListCommand', () => {
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
});
