import type { Position } from '../shared/position.js';
import type { UserId } from '../task/user-id.js';
import type { ListId } from './list-id.js';
import type { TaskList } from './task-list.js';

/**
 * Write-side storage of lists, bound to one unit of work (`UnitOfWork.run` hands it over), scoped to one owner like
 * `TaskRepository`. Concurrency is optimistic in the same way: persisting a change names the version the list
 * was loaded at.
 */
export interface TaskListRepository {
  /** The owner's list, or null if it does not exist or belongs to someone else. */
  findOwned(owner: UserId, id: ListId): Promise<TaskList | null>;

  /**
   * Whether the owner has the list, for putting tasks in it: the list cannot be deleted until the unit of work ends,
   * while changes to it (a rename, a move) go on.
   */
  hasOwned(owner: UserId, id: ListId): Promise<boolean>;

  /**
   * The owner's inbox, made on first use: concurrent first calls for one owner all get the same inbox.
   * `candidate` is the inbox to keep if the owner has none yet.
   */
  inboxOf(owner: UserId, candidate: () => TaskList): Promise<TaskList>;

  /**
   * The id of the owner's inbox, made on first use as `inboxOf` makes it. An inbox is never deleted, so the
   * adapter may remember the id instead of reading it: what a new task in the inbox needs, and all it needs.
   */
  inboxIdOf(owner: UserId, candidate: () => TaskList): Promise<ListId>;

  /** Every list of the owner's (at most `maxListsPerUser`), in their manual order. */
  allOf(owner: UserId): Promise<TaskList[]>;

  /**
   * Neighbours in the owner's manual order, for placing a list between two: the first list after `position`
   * (`null`: the first of all), and the last list before it (`null`: the last of all).
   */
  nextAfter(owner: UserId, position: Position | null): Promise<TaskList | null>;
  previousBefore(owner: UserId, position: Position | null): Promise<TaskList | null>;

  /**
   * Records the list's change — an insert, an update, or its removal once deleted — in its unit of work,
   * with its events. A refusal of the write (the owner's list limit, a name already taken) surfaces as
   * `ListLimitReachedError` or `ListNameTakenError` from the unit of work's `run`.
   */
  persist(list: TaskList): Promise<void>;
}
