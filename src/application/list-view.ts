import type { ListEvent, ListSnapshot } from '../domain/index.js';

/** A list as clients see it: the wire shape. */
export interface ListView {
  id: string;
  name: string;
  is_inbox: boolean;
  /** The list's key in the owner's manual order of lists. */
  position: string;
  created_at: string;
  updated_at: string;
  version: number;
}

/** A list change as the change log keeps it, before the log numbers it: the list, if any, in its wire shape. */
export interface LoggedListEvent {
  type: ListEvent['type'];
  list_id: string;
  occurred_at: string;
  list: ListView | null;
}

/** The wire shape of a list from its snapshot. */
export function toListView(list: ListSnapshot): ListView {
  return {
    id: list.id,
    name: list.name,
    is_inbox: list.isInbox,
    position: list.position,
    created_at: list.createdAt.toISOString(),
    updated_at: list.updatedAt.toISOString(),
    version: list.version,
  };
}

export function toLoggedListEvent(event: ListEvent): LoggedListEvent {
  return {
    type: event.type,
    list_id: event.listId,
    occurred_at: event.occurredAt.toISOString(),
    list: event.list && toListView(event.list),
  };
}
