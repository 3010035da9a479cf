import { v7 } from 'uuid';
import { ListId, ListName, Position, TaskList, type UserId } from '../../src/domain/index.js';
import { ALICE, CREATED_AT } from './task-mother.js';

/** Lists in the states tests start from. */
export const ListMother = {
  id(): ListId {
    return ListId.from(v7());
  },

  created(overrides: { id?: ListId; owner?: UserId; name?: string; position?: Position; now?: Date } = {}): TaskList {
    return TaskList.create({
      id: overrides.id ?? ListMother.id(),
      owner: overrides.owner ?? ALICE,
      name: ListName.from(overrides.name ?? 'Work'),
      position: overrides.position ?? Position.first(),
      now: overrides.now ?? CREATED_AT,
    });
  },

  /** A list as loaded from storage: no recorded events. */
  stored(overrides: { owner?: UserId; name?: string; isInbox?: boolean; version?: number } = {}): TaskList {
    return TaskList.rehydrate({
      id: v7(),
      ownerId: (overrides.owner ?? ALICE).value,
      name: overrides.name ?? 'Work',
      isInbox: overrides.isInbox ?? false,
      position: Position.first().value,
      createdAt: CREATED_AT,
      updatedAt: CREATED_AT,
      version: overrides.version ?? 1,
    });
  },

  inbox(overrides: { owner?: UserId } = {}): TaskList {
    return ListMother.stored({ owner: overrides.owner, name: 'Inbox', isInbox: true });
  },
};
