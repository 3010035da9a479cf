import { expect } from 'chai';
import {
  InboxNotDeletableError,
  INBOX_NAME,
  ListName,
  ListNotFoundError,
  ListVersionMismatchError,
  Position,
  TaskList,
  type ListEvent,
  type UserId,
} from '../../../../src/domain/index.js';
import { ListMother } from '../../../support/list-mother.js';
import { ALICE, BOB, CREATED_AT } from '../../../support/task-mother.js';

const LATER = new Date(CREATED_AT.getTime() + 60_000);

type Behaviour = (list: TaskList, actor: UserId, now: Date) => void;

/** Every behaviour, each making an effective change to a stored list. */
const BEHAVIOURS: Record<string, Behaviour> = {
  rename: (list, actor, now) => list.rename(actor, ListName.from('Home'), now),
  moveTo: (list, actor, now) => list.moveTo(actor, Position.between(list.position, null), now),
  delete: (list, actor, now) => list.delete(actor, now),
};

function eventTypes(events: ListEvent[]): string[] {
  return events.map((event) => event.type);
}

describe('TaskList', () => {
  describe('create', () => {
    it('starts at version 1, not an inbox, and records list.created with its state', () => {
      const id = ListMother.id();
      const position = Position.first();

      const list = ListMother.created({ id, name: '  Work ', position });

      const snapshot = {
        id: id.value,
        ownerId: ALICE.value,
        name: 'Work',
        isInbox: false,
        position: position.value,
        createdAt: CREATED_AT,
        updatedAt: CREATED_AT,
        version: 1,
      };
      expect(list.snapshot()).to.deep.equal(snapshot);
      expect(list.pullDomainEvents()).to.deep.equal([
        { type: 'list.created', listId: id.value, ownerId: ALICE.value, occurredAt: CREATED_AT, list: snapshot },
      ]);
    });

    it('makes an inbox named Inbox that records list.created', () => {
      const list = TaskList.inbox({ id: ListMother.id(), owner: ALICE, position: Position.first(), now: CREATED_AT });

      expect(list.isInbox).to.equal(true);
      expect(list.name.value).to.equal(INBOX_NAME);
      expect(eventTypes(list.pullDomainEvents())).to.deep.equal(['list.created']);
    });
  });

  describe('rehydrate', () => {
    it('rebuilds the stored state and records nothing', () => {
      const stored = ListMother.stored({ name: 'Home', isInbox: true, version: 7 });

      const list = TaskList.rehydrate(stored.snapshot());

      expect(list.snapshot()).to.deep.equal(stored.snapshot());
      expect(list.pullDomainEvents()).to.deep.equal([]);
    });
  });

  for (const [name, act] of Object.entries(BEHAVIOURS)) {
    describe(name, () => {
      it('bumps the version once, moves updated_at and records one event', () => {
        const list = ListMother.stored();

        act(list, ALICE, LATER);

        expect(list.version).to.equal(2);
        expect(list.updatedAt).to.deep.equal(LATER);
        const events = list.pullDomainEvents();
        expect(events).to.have.length(1);
        expect(events[0]!.type).to.equal(name === 'delete' ? 'list.deleted' : 'list.updated');
        expect(events[0]!.list).to.deep.equal(name === 'delete' ? null : list.snapshot());
      });

      it('refuses another user with the error of a missing list, changing nothing', () => {
        const list = ListMother.stored();

        expect(() => act(list, BOB, LATER)).to.throw(ListNotFoundError);
        expect(list.version).to.equal(1);
        expect(list.pullDomainEvents()).to.deep.equal([]);
      });

      it('refuses a deleted list with the error of a missing list', () => {
        const list = ListMother.stored();
        list.delete(ALICE, LATER);

        expect(() => act(list, ALICE, LATER)).to.throw(ListNotFoundError);
      });
    });
  }

  it('records nothing for a rename to the same name or a move to the same place', () => {
    const list = ListMother.stored({ name: 'Work' });

    list.rename(ALICE, ListName.from('Work'), LATER);
    list.moveTo(ALICE, list.position, LATER);

    expect(list.version).to.equal(1);
    expect(list.pullDomainEvents()).to.deep.equal([]);
  });

  it('renames an inbox, which stays the inbox', () => {
    const inbox = ListMother.inbox();

    inbox.rename(ALICE, ListName.from('Unsorted'), LATER);

    expect(inbox.isInbox).to.equal(true);
    expect(inbox.name.value).to.equal('Unsorted');
  });

  it('refuses to delete the inbox with a typed error, recording nothing', () => {
    const inbox = ListMother.inbox();

    expect(() => inbox.delete(ALICE, LATER)).to.throw(InboxNotDeletableError);
    expect(inbox.isDeleted).to.equal(false);
    expect(inbox.pullDomainEvents()).to.deep.equal([]);
  });

  it("refuses to delete another user's inbox as a missing list, not revealing it is an inbox", () => {
    expect(() => ListMother.inbox().delete(BOB, LATER)).to.throw(ListNotFoundError);
  });

  it('never moves updated_at backwards when the clock does', () => {
    const list = ListMother.stored();

    list.rename(ALICE, ListName.from('Home'), new Date(CREATED_AT.getTime() - 60_000));

    expect(list.updatedAt).to.deep.equal(CREATED_AT);
    expect(list.version).to.equal(2);
  });

  describe('assertVersion', () => {
    it('passes with no expectation or a matching version, and refuses another with both versions', () => {
      const list = ListMother.stored({ version: 3 });

      expect(() => list.assertVersion(undefined)).not.to.throw();
      expect(() => list.assertVersion([2, 3])).not.to.throw();
      expect(() => list.assertVersion(2))
        .to.throw(ListVersionMismatchError)
        .that.includes({ expected: 2, actual: 3 });
    });
  });
});
