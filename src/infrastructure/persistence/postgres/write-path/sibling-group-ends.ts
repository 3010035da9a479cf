import { LRUCache } from 'lru-cache';
import { Position } from '../../../../domain/index.js';

const DEFAULT_MAX_ENTRIES = 10_000;
/** An empty group, remembered as such (an LRU cannot hold `null`). */
const EMPTY = '';

/**
 * The last position this instance saw in recently used sibling groups, so that appending a task to a group it has
 * just read or written needs no read first. It may be stale in one direction only that matters — another writer
 * appended since — and the write that relies on it checks that nothing sits at or after its key (`atEndOf` in
 * `task-change-statement.ts`): when something does, it writes nothing and runs again from the database. A stale
 * end that is too far on (the last task moved away or was deleted) only makes the next key a little longer.
 */
export class SiblingGroupEnds {
  private readonly ends: LRUCache<string, string>;

  constructor(maxEntries = DEFAULT_MAX_ENTRIES) {
    this.ends = new LRUCache({ max: maxEntries });
  }

  static key(owner: string, list: string, parent: string | null): string {
    return `${owner}/${list}/${parent ?? ''}`;
  }

  /** The group's last position as last seen: a position, `null` for a group seen empty, undefined when not known. */
  get(group: string): Position | null | undefined {
    const end = this.ends.get(group);
    return end === undefined ? undefined : end === EMPTY ? null : Position.from(end);
  }

  /** The group's last position as just read from the database. */
  read(group: string, end: Position | null): void {
    this.ends.set(group, end?.value ?? EMPTY);
  }

  /** A task committed at `position` in the group: the end moves on if it was after it; an unknown group stays unknown. */
  wrote(group: string, position: Position): void {
    const end = this.ends.get(group);
    if (end !== undefined && (end === EMPTY || Position.compare(position, Position.from(end)) > 0)) this.ends.set(group, position.value);
  }

  forget(group: string): void {
    this.ends.delete(group);
  }
}
