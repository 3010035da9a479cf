import type { ListView } from '../list-view.js';

/** The read side of lists: their wire shape straight from storage, without loading aggregates. */
export interface TaskListReadModel {
  /** The owner's list, or null if it does not exist or belongs to someone else. */
  findOne(ownerId: string, listId: string): Promise<ListView | null>;
  /**
   * Every list of the owner in manual order (position, then id). An owner has at most `MAX_LISTS_PER_USER` lists,
   * so the answer is bounded and needs no paging.
   */
  lists(ownerId: string): Promise<ListView[]>;
}
