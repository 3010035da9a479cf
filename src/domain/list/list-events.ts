/** What a list looks like at one moment: the state carried by events and handed to repositories. */
export interface ListSnapshot {
  readonly id: string;
  readonly ownerId: string;
  readonly name: string;
  readonly isInbox: boolean;
  readonly position: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly version: number;
}

export const LIST_EVENT_TYPES = ['list.created', 'list.updated', 'list.deleted'] as const;

export type ListEventType = (typeof LIST_EVENT_TYPES)[number];

/**
 * A fact about one list. `list` is the full state after the change, or `null` once it is deleted,
 * so a reader of the change log can rebuild the owner's lists without loading aggregates.
 */
export interface ListEvent {
  readonly type: ListEventType;
  readonly listId: string;
  readonly ownerId: string;
  readonly occurredAt: Date;
  readonly list: ListSnapshot | null;
}
