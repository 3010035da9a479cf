import { ListId, ListNotFoundError, Position, TaskList, type TaskListRepository, type UserId } from '../../domain/index.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';

/** The word that stands for the owner's inbox wherever a list id is accepted. */
export const INBOX_ALIAS = 'inbox';

/** What finding an owner's list needs: the lists, and how to make the inbox should it not exist yet. */
export interface ListAccess {
  readonly lists: TaskListRepository;
  readonly ids: IdGenerator;
  readonly clock: Clock;
}

/** The owner's inbox as made on first use: first in their order of lists. */
export function inboxCandidate({ ids, clock }: ListAccess, owner: UserId): () => TaskList {
  return () => TaskList.inbox({ id: ids.newListId(), owner, position: Position.first(), now: clock.now() });
}

/**
 * The id of the owner's list named by `raw` (a list id, or `inbox`). A malformed, missing or foreign id is
 * `ListNotFoundError`, the same for each, so no caller can learn that another owner's list exists.
 */
export async function ownedListId(access: ListAccess, owner: UserId, raw: string): Promise<ListId> {
  if (raw === INBOX_ALIAS) return access.lists.inboxIdOf(owner, inboxCandidate(access, owner));
  const id = ListId.tryParse(raw);
  if (!id || !(await access.lists.hasOwned(owner, id))) throw new ListNotFoundError();
  return id;
}

/** The owner's list named by `raw` (a list id, or `inbox`) loaded for a change, checked against `If-Match`. */
export async function loadOwnedList(
  access: ListAccess,
  owner: UserId,
  raw: string,
  expectedVersion?: number | readonly number[],
): Promise<TaskList> {
  const id = raw === INBOX_ALIAS ? null : ListId.tryParse(raw);
  if (raw !== INBOX_ALIAS && !id) throw new ListNotFoundError();
  const list = id ? await access.lists.findOwned(owner, id) : await access.lists.inboxOf(owner, inboxCandidate(access, owner));
  if (!list) throw new ListNotFoundError();
  list.assertVersion(expectedVersion);
  return list;
}
