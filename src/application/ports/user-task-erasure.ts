import type { UserDataFootprint } from './task-admin-read-model.js';

/**
 * Removes everything held about one user — tasks, their change log and its sequence, and the answers kept
 * for retried requests (idempotency keys) — for a right-to-erasure request. Nothing is recorded about the
 * erasure itself: that would keep the user's id. Runs inside the caller's unit of work.
 */
export interface UserTaskErasure {
  /** Erases the owner's data and answers how much there was. */
  erase(ownerId: string): Promise<UserDataFootprint>;
}
