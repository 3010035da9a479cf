import type { TaskSnapshot } from '../../../../domain/index.js';

const DEFAULT_MAX_ENTRIES = 10_000;

/**
 * The last committed state this instance saw of recently used tasks, least recently used forgotten first.
 * It only ever saves a read: a change made from a remembered state still names that state's version, so if
 * the task changed meanwhile (on another instance, by a purge) the write matches no row and the unit of
 * work runs again from the database. Nothing here is ever the answer to a read.
 */
export class TaskSnapshotCache {
  private readonly snapshots = new Map<string, TaskSnapshot>();

  constructor(private readonly maxEntries = DEFAULT_MAX_ENTRIES) {}

  /** The owner's task as last seen, or undefined (never another owner's). */
  get(ownerId: string, taskId: string): TaskSnapshot | undefined {
    const snapshot = this.snapshots.get(taskId);
    if (snapshot === undefined || snapshot.ownerId !== ownerId) return undefined;
    this.snapshots.delete(taskId);
    this.snapshots.set(taskId, snapshot); // most recently used again
    return snapshot;
  }

  remember(snapshot: TaskSnapshot): void {
    this.snapshots.delete(snapshot.id);
    if (this.snapshots.size >= this.maxEntries) {
      const oldest = this.snapshots.keys().next().value;
      if (oldest !== undefined) this.snapshots.delete(oldest);
    }
    this.snapshots.set(snapshot.id, snapshot);
  }

  forget(taskId: string): void {
    this.snapshots.delete(taskId);
  }
}
