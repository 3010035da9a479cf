/**
 * The user's lists as the sidebar shows them (the inbox first, then the others in their manual order), and the
 * list changes that come through the live stream beside the task changes.
 */
import type { components } from '@tasks-api/client';
import { inManualOrder } from './task-tree';

export type TaskList = components['schemas']['List'];

/** A change of one of the user's lists, in the change log and the live stream: `list` is null once it is deleted. */
export interface ListChange {
  readonly id: string;
  readonly type: 'list.created' | 'list.updated' | 'list.deleted';
  readonly list_id: string;
  readonly occurred_at: string;
  readonly list: TaskList | null;
}

export function isListChange(change: { readonly type: string }): change is ListChange {
  return change.type.startsWith('list.');
}

/** The inbox first, then the other lists in manual order. */
export function sidebarOrder(lists: readonly TaskList[]): TaskList[] {
  return [...lists].sort((a, b) => Number(b.is_inbox) - Number(a.is_inbox) || inManualOrder(a, b));
}

/** `lists` with `list` in them, unless a copy as new or newer is there already. */
export function withList(lists: readonly TaskList[], list: TaskList): TaskList[] {
  const known = lists.find((other) => other.id === list.id);
  if (known && known.version >= list.version) return [...lists];
  return sidebarOrder([...lists.filter((other) => other.id !== list.id), list]);
}
