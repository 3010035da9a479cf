import { LRUCache } from 'lru-cache';
import type { TaskSnapshot } from '../../../../domain/index.js';

const DEFAULT_MAX_ENTRIES = 10_000;

/**
 * The last committed state this instance saw of recently used tasks, least recently used forgotten first.
 * It only ever saves a read: a change made from a remembered state still names that state's version, so if
 * the task changed meanwhile (on another instance, by a purge) the write matches no row and the unit of
 * work runs again from the database. Nothing here is ever the answer to a read.
 */
export class TaskSnapshotCache {
  private readonly snapshots: LRUCache<string, TaskSnapshot>;

  constructor(maxEntries = DEFAULT_MAX_ENTRIES) {
    this.snapshots = new LRUCache({ max: maxEntries });
  }

  /** The owner's task as last seen, or undefined (never another owner's). */
  get(ownerId: string, taskId: string): TaskSnapshot | undefined {
    const snapshot = this.snapshots.get(taskId);
    return snapshot?.ownerId === ownerId ? snapshot : undefined;
  }

  remember(snapshot: TaskSnapshot): void {
    this.snapshots.set(snapshot.id, snapshot);
  }

  forget(taskId: string): void {
    this.snapshots.delete(taskId);
  }
}
