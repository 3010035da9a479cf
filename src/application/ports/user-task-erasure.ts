import type { UserDataFootprint } from './task-admin-read-model.js';

/**
 * Removes everything held about one user — tasks, lists, their change log, and the answers kept for retried
 * requests (idempotency keys) — for a right-to-erasure request. What remains is the count of the user's
 * changes (their id and two numbers, no task data), so that devices which synced before the erasure are told
 * to start over rather than silently missing what follows. Runs inside the caller's unit of work.
 */
export interface UserTaskErasure {
  /** Erases the owner's data and answers how much there was. */
  erase(ownerId: string): Promise<UserDataFootprint>;
}
