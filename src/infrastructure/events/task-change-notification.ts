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

/**
 * The most a payload of several owners is made to hold, in bytes: PostgreSQL refuses one of 8,000 or more. One owner
 * alone always fits (an owner id is at most 255 characters, 1,530 bytes once escaped).
 */
const MAX_PAYLOAD_BYTES = 7_900;
/** What `withOthers` adds around the other owners' pairs: `,"m":[` and `]`. */
const OTHERS_FRAME = ',"m":[]';

export function encodeTaskChangeNotification(notification: TaskChangeNotification): string {
  return JSON.stringify({ u: notification.ownerId, s: notification.seq, ...(notification.erased && { e: true }) });
}

/**
 * Several owners' new positions in as few payloads as fit. Each payload is the first owner's notification as
 * `encodeTaskChangeNotification` writes it, with the others in `m` as `[owner, position]` pairs: an instance that
 * reads only the one-owner form (during a rolling upgrade) still reads the first owner, and its followers of the
 * others catch up from the log within the listener's reconciling interval.
 */
export function encodeTaskChangeNotifications(changes: Iterable<readonly [ownerId: string, seq: number]>): string[] {
  const payloads: string[] = [];
  let head: string | null = null;
  let others: string[] = [];
  let bytes = 0;
  for (const [ownerId, seq] of changes) {
    const other = JSON.stringify([ownerId, seq]);
    const size = Buffer.byteLength(other) + 1; // and its comma
    if (head !== null && bytes + size <= MAX_PAYLOAD_BYTES) {
      others.push(other);
      bytes += size;
      continue;
    }
    if (head !== null) payloads.push(withOthers(head, others));
    head = encodeTaskChangeNotification({ ownerId, seq });
    others = [];
    bytes = Buffer.byteLength(head) + OTHERS_FRAME.length;
  }
  if (head !== null) payloads.push(withOthers(head, others));
  return payloads;
}

/** A one-owner payload (a JSON object) with the other owners' pairs added as `m`. */
function withOthers(head: string, others: readonly string[]): string {
  return others.length === 0 ? head : `${head.slice(0, -1)},"m":[${others.join(',')}]}`;
}

/** The notifications in a payload, one per owner it names, or null for one this version does not understand. */
export function decodeTaskChangeNotifications(payload: string | undefined): TaskChangeNotification[] | null {
  try {
    const { u, s, e, m } = JSON.parse(payload ?? '') as { u?: unknown; s?: unknown; e?: unknown; m?: unknown };
    if (typeof u !== 'string' || !Number.isSafeInteger(s)) return null;
    const first: TaskChangeNotification = e === true ? { ownerId: u, seq: s as number, erased: true } : { ownerId: u, seq: s as number };
    if (m === undefined) return [first];
    if (!Array.isArray(m) || !m.every((pair) => Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string' && Number.isSafeInteger(pair[1]))) return null;
    return [first, ...(m as [string, number][]).map(([ownerId, seq]) => ({ ownerId, seq }))];
  } catch {
    return null;
  }
}
