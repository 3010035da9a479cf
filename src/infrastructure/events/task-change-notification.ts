/**
 * What travels over PostgreSQL `LISTEN/NOTIFY` when a user's change log grows: only whose log and up to
 * which position, never task data. Every instance hears every notification, so nothing in it may be
 * another user's content; each instance reads the content from the log for its own subscribers.
 */
export const TASK_CHANGES_CHANNEL = 'task_changes';

export interface TaskChangeNotification {
  /** The owner whose log grew. */
  readonly ownerId: string;
  /** The position of the owner's latest change in the committed transaction. */
  readonly seq: number;
  /** True when the transaction erased the owner's log (a purge) rather than growing it. */
  readonly erased?: boolean;
}

export function encodeTaskChangeNotification(notification: TaskChangeNotification): string {
  return JSON.stringify({ u: notification.ownerId, s: notification.seq, ...(notification.erased && { e: true }) });
}

/** The notification in a payload, or null for one this version does not understand. */
export function decodeTaskChangeNotification(payload: string | undefined): TaskChangeNotification | null {
  try {
    const { u, s, e } = JSON.parse(payload ?? '') as { u?: unknown; s?: unknown; e?: unknown };
    if (typeof u !== 'string' || !Number.isSafeInteger(s)) return null;
    return e === true ? { ownerId: u, seq: s as number, erased: true } : { ownerId: u, seq: s as number };
  } catch {
    return null;
  }
}
