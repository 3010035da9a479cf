import type { TaskEvent, TaskSnapshot } from '../../../domain/index.js';

/** One entry of the event log: `seq` orders an owner's events, starting at 1 for each owner. */
export interface StoredTaskEvent {
  readonly seq: number;
  readonly event: TaskEvent;
}

/** The whole state of a store at one moment, for a unit of work to put back after a failure. */
export interface InMemoryTaskStoreCheckpoint {
  readonly tasks: ReadonlyMap<string, TaskSnapshot>;
  readonly eventCount: number;
  readonly lastSeqByOwner: ReadonlyMap<string, number>;
}

/**
 * Process-local storage shared by the in-memory repository, read model and unit of work: the current
 * snapshot of every live task, and an append-only log of the events that produced them. Everything is
 * copied on the way in and out, so no caller can change stored state except through the store.
 */
export class InMemoryTaskStore {
  private tasks = new Map<string, TaskSnapshot>();
  private readonly log: StoredTaskEvent[] = [];
  private lastSeqByOwner = new Map<string, number>();

  task(id: string): TaskSnapshot | undefined {
    const task = this.tasks.get(id);
    return task && copySnapshot(task);
  }

  tasksOf(ownerId: string): TaskSnapshot[] {
    return [...this.tasks.values()].filter((task) => task.ownerId === ownerId).map(copySnapshot);
  }

  /** The owner's events, oldest first; every owner's when `ownerId` is left out. */
  events(ownerId?: string): StoredTaskEvent[] {
    return this.log
      .filter((entry) => ownerId === undefined || entry.event.ownerId === ownerId)
      .map((entry) => ({ seq: entry.seq, event: copyEvent(entry.event) }));
  }

  /**
   * Stores one task's new state — `null` once it is deleted — together with the events that led to it,
   * in a single synchronous step, so no reader ever sees the one without the other.
   */
  write(taskId: string, state: TaskSnapshot | null, events: readonly TaskEvent[]): void {
    if (state === null) this.tasks.delete(taskId);
    else this.tasks.set(taskId, copySnapshot(state));
    for (const event of events) {
      const seq = (this.lastSeqByOwner.get(event.ownerId) ?? 0) + 1;
      this.lastSeqByOwner.set(event.ownerId, seq);
      this.log.push({ seq, event: copyEvent(event) });
    }
  }

  checkpoint(): InMemoryTaskStoreCheckpoint {
    // Stored snapshots are never mutated in place, so copying the maps is enough.
    return { tasks: new Map(this.tasks), eventCount: this.log.length, lastSeqByOwner: new Map(this.lastSeqByOwner) };
  }

  /** Puts back the state of `checkpoint`, dropping everything written since. */
  restore(checkpoint: InMemoryTaskStoreCheckpoint): void {
    this.tasks = new Map(checkpoint.tasks);
    this.log.length = checkpoint.eventCount;
    this.lastSeqByOwner = new Map(checkpoint.lastSeqByOwner);
  }
}

function copySnapshot(task: TaskSnapshot): TaskSnapshot {
  return {
    ...task,
    completedAt: task.completedAt && new Date(task.completedAt),
    createdAt: new Date(task.createdAt),
    updatedAt: new Date(task.updatedAt),
  };
}

function copyEvent(event: TaskEvent): TaskEvent {
  return { ...event, occurredAt: new Date(event.occurredAt), task: event.task && copySnapshot(event.task) };
}
