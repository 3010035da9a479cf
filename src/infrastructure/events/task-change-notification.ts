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
  let head: { u: string; s: number; m: [string, number][] } | null = null;
  let bytes = 0;
  const close = () => {
    if (head) payloads.push(JSON.stringify(head.m.length > 0 ? head : { u: head.u, s: head.s }));
  };
  for (const [ownerId, seq] of changes) {
    const entry = Buffer.byteLength(JSON.stringify([ownerId, seq])) + 1;
    if (head && bytes + entry <= MAX_PAYLOAD_BYTES) {
      head.m.push([ownerId, seq]);
      bytes += entry;
      continue;
    }
    close();
    head = { u: ownerId, s: seq, m: [] };
    bytes = Buffer.byteLength(JSON.stringify(head));
  }
  close();
  return payloads;
}

/** The notifications in a payload, one per owner it names, or null for one this version does not understand. */
export function decodeTaskChangeNotifications(payload: string | undefined): TaskChangeNotification[] | null {
  try {
    const { u, s, e, m } = JSON.parse(payload ?? '') as { u?: unknown; s?: unknown; e?: unknown; m?: unknown };
    if (!isOwner(u) || !Number.isSafeInteger(s)) return null;
    const first: TaskChangeNotification = e === true ? { ownerId: u, seq: s as number, erased: true } : { ownerId: u, seq: s as number };
    if (m === undefined) return [first];
    if (!Array.isArray(m) || !m.every((pair) => Array.isArray(pair) && pair.length === 2 && isOwner(pair[0]) && Number.isSafeInteger(pair[1]))) return null;
    return [first, ...(m as [string, number][]).map(([ownerId, seq]) => ({ ownerId, seq }))];
  } catch {
    return null;
  }
}

function isOwner(value: unknown): value is string {
  return typeof value === 'string';
}
