import type { CompactionCandidate, CompactionStep, CompactionStepOptions } from '../../../application/ports/task-change-log-compaction.js';
import type { ListEvent, ListSnapshot, TaskEvent, TaskSnapshot } from '../../../domain/index.js';

/** One entry of the event log: `seq` orders an owner's events, starting at 1 for each owner. */
export interface StoredTaskEvent {
  readonly seq: number;
  readonly event: TaskEvent;
}

/** An entry of the log about a list, numbered in the same sequence as the owner's task events. */
export interface StoredListEvent {
  readonly seq: number;
  readonly event: ListEvent;
}

/** Any entry of the log: a change to a task or to a list. */
export type StoredChange = StoredTaskEvent | StoredListEvent;

export function isListEntry(entry: StoredChange): entry is StoredListEvent {
  return 'listId' in entry.event && !('taskId' in entry.event);
}

/** The whole state of a store at one moment, for a unit of work to put back after a failure. */
export interface InMemoryTaskStoreCheckpoint {
  readonly tasks: ReadonlyMap<string, TaskSnapshot>;
  readonly lists: ReadonlyMap<string, ListSnapshot>;
  /** The log as it was; only appended to since, unless an erasure replaced it. */
  readonly log: StoredChange[];
  readonly eventCount: number;
  readonly lastSeqByOwner: ReadonlyMap<string, number>;
  readonly erasedThroughByOwner: ReadonlyMap<string, number>;
  readonly compactedThroughByOwner: ReadonlyMap<string, number>;
}

/**
 * Process-local storage shared by the in-memory repositories, read model and unit of work: the current
 * snapshot of every live task and list, and an append-only log of the events that produced them, tasks' and
 * lists' in one sequence per owner (only erasing an owner or compacting their log removes entries). Everything
 * is copied on the way in and out, so no caller can change stored state except through the store.
 */
export class InMemoryTaskStore {
  private tasks = new Map<string, TaskSnapshot>();
  private lists = new Map<string, ListSnapshot>();
  // Appended to in place; an erasure or a compaction swaps in a new array, so a checkpoint's array is never rewritten.
  private log: StoredChange[] = [];
  private lastSeqByOwner = new Map<string, number>();
  private erasedThroughByOwner = new Map<string, number>();
  private compactedThroughByOwner = new Map<string, number>();

  task(id: string): TaskSnapshot | undefined {
    const task = this.tasks.get(id);
    return task && copySnapshot(task);
  }

  tasksOf(ownerId: string): TaskSnapshot[] {
    return [...this.tasks.values()].filter((task) => task.ownerId === ownerId).map(copySnapshot);
  }

  /** Every owner's tasks. */
  allTasks(): TaskSnapshot[] {
    return [...this.tasks.values()].map(copySnapshot);
  }

  list(id: string): ListSnapshot | undefined {
    const list = this.lists.get(id);
    return list && copyList(list);
  }

  listsOf(ownerId: string): ListSnapshot[] {
    return [...this.lists.values()].filter((list) => list.ownerId === ownerId).map(copyList);
  }

  /** The owner's task events, oldest first, each with its place in the log; every owner's when `ownerId` is left out. */
  events(ownerId?: string): StoredTaskEvent[] {
    return this.changes(ownerId).filter((entry): entry is StoredTaskEvent => !isListEntry(entry));
  }

  /** The owner's whole log — task and list events — oldest first; every owner's when `ownerId` is left out. */
  changes(ownerId?: string): StoredChange[] {
    return this.log
      .filter((entry) => ownerId === undefined || entry.event.ownerId === ownerId)
      .map((entry): StoredChange => (isListEntry(entry) ? { seq: entry.seq, event: copyListEvent(entry.event) } : { seq: entry.seq, event: copyEvent(entry.event) }));
  }

  /**
   * Stores one task's new state — `null` once it is deleted — together with the events that led to it,
   * in a single synchronous step, so no reader ever sees the one without the other.
   */
  write(taskId: string, state: TaskSnapshot | null, events: readonly TaskEvent[]): void {
    if (state === null) this.tasks.delete(taskId);
    else this.tasks.set(taskId, copySnapshot(state));
    for (const event of events) this.log.push({ seq: this.nextSeq(event.ownerId), event: copyEvent(event) });
  }

  /** Stores one list's new state (`null` once it is deleted) with its events, as `write` does a task's. */
  writeList(listId: string, state: ListSnapshot | null, events: readonly ListEvent[]): void {
    if (state === null) this.lists.delete(listId);
    else this.lists.set(listId, copyList(state));
    for (const event of events) this.log.push({ seq: this.nextSeq(event.ownerId), event: copyListEvent(event) });
  }

  private nextSeq(ownerId: string): number {
    const seq = (this.lastSeqByOwner.get(ownerId) ?? 0) + 1;
    this.lastSeqByOwner.set(ownerId, seq);
    return seq;
  }

  /** Where the owner's log stands: its last `seq`, and the last ones an erasure and a compaction removed. */
  positionOf(ownerId: string): { lastSeq: number; erasedThrough: number; compactedThrough: number } {
    return {
      lastSeq: this.lastSeqByOwner.get(ownerId) ?? 0,
      erasedThrough: this.erasedThroughByOwner.get(ownerId) ?? 0,
      compactedThrough: this.compactedThroughByOwner.get(ownerId) ?? 0,
    };
  }

  /** What `TaskChangeLogCompaction.candidates` answers, by the same rules as the SQL adapter. */
  compactionCandidates(before: Date, afterOwner: string, limit: number): CompactionCandidate[] {
    return [...this.lastSeqByOwner.keys()]
      .filter((ownerId) => ownerId > afterOwner)
      .sort()
      .filter((ownerId) => {
        const kept = this.changes(ownerId);
        const live = this.tasksOf(ownerId).length + this.listsOf(ownerId).length;
        return kept.length > 0 && kept[0]!.event.occurredAt < before && kept.length - live >= Math.max(live, 1);
      })
      .slice(0, limit)
      .map((ownerId) => ({ ownerId, lastSeq: this.lastSeqByOwner.get(ownerId)! }));
  }

  /**
   * One step of compacting the owner's log, by the same rules as the SQL adapter: the changes before `before`
   * from the start of the log (up to `until`, at most `maxChanges`) go; the latest change of each task and each
   * list still there among them is appended again first, so the log still rebuilds the owner's tasks and lists.
   */
  compactOwner(ownerId: string, before: Date, { until, maxChanges, dryRun }: CompactionStepOptions): CompactionStep {
    // An owner who never had a log has none to hold: busy, as the SQL adapter answers.
    if (!this.lastSeqByOwner.has(ownerId) && !this.erasedThroughByOwner.has(ownerId)) {
      return { busy: true, processed: 0, removed: 0, carried: 0 };
    }
    const { lastSeq, erasedThrough, compactedThrough } = this.positionOf(ownerId);
    const start = Math.max(erasedThrough, compactedThrough);
    const kept = this.log.filter((entry) => entry.event.ownerId === ownerId);
    let through = start;
    for (const entry of kept) {
      if (entry.seq > until || through - start >= maxChanges || entry.event.occurredAt >= before) break;
      through = entry.seq;
    }
    const old = kept.filter((entry) => entry.seq <= through);
    const latest = new Map(kept.map((entry) => [subjectOf(entry), entry.seq]));
    const carried = old.filter((entry) => latest.get(subjectOf(entry)) === entry.seq && !DELETIONS.has(entry.event.type));
    if (!dryRun && through > start) {
      this.log = [
        ...this.log.filter((entry) => entry.event.ownerId !== ownerId || entry.seq > through),
        ...carried.map((entry, index): StoredChange => ({ ...entry, seq: lastSeq + index + 1 })),
      ];
      this.lastSeqByOwner.set(ownerId, lastSeq + carried.length);
      this.compactedThroughByOwner.set(ownerId, through);
    }
    return { busy: false, processed: old.length, removed: old.length - carried.length, carried: carried.length };
  }

  /**
   * Removes the owner's tasks, lists and events (a right-to-erasure request); answers how many of each there
   * were. Numbering goes on, and the log remembers how far it was erased.
   */
  eraseOwner(ownerId: string): { tasks: number; lists: number; events: number } {
    const tasks = this.tasksOf(ownerId);
    for (const task of tasks) this.tasks.delete(task.id);
    const lists = this.listsOf(ownerId);
    for (const list of lists) this.lists.delete(list.id);
    const kept = this.log.filter((entry) => entry.event.ownerId !== ownerId);
    const events = this.log.length - kept.length;
    this.log = kept;
    this.erasedThroughByOwner.set(ownerId, this.lastSeqByOwner.get(ownerId) ?? 0);
    return { tasks: tasks.length, lists: lists.length, events };
  }

  checkpoint(): InMemoryTaskStoreCheckpoint {
    // Stored snapshots are never mutated in place, so copying the maps is enough.
    return {
      tasks: new Map(this.tasks),
      lists: new Map(this.lists),
      log: this.log,
      eventCount: this.log.length,
      lastSeqByOwner: new Map(this.lastSeqByOwner),
      erasedThroughByOwner: new Map(this.erasedThroughByOwner),
      compactedThroughByOwner: new Map(this.compactedThroughByOwner),
    };
  }

  /** Puts back the state of `checkpoint`, dropping everything written since. */
  restore(checkpoint: InMemoryTaskStoreCheckpoint): void {
    this.tasks = new Map(checkpoint.tasks);
    this.lists = new Map(checkpoint.lists);
    this.log = checkpoint.log;
    this.log.length = checkpoint.eventCount;
    this.lastSeqByOwner = new Map(checkpoint.lastSeqByOwner);
    this.erasedThroughByOwner = new Map(checkpoint.erasedThroughByOwner);
    this.compactedThroughByOwner = new Map(checkpoint.compactedThroughByOwner);
  }
}

/** What a change is about, so that a task and a list never share one latest change. */
function subjectOf(entry: StoredChange): string {
  return isListEntry(entry) ? `list ${entry.event.listId}` : `task ${entry.event.taskId}`;
}

const DELETIONS: ReadonlySet<string> = new Set(['task.deleted', 'list.deleted']);

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

function copyList(list: ListSnapshot): ListSnapshot {
  return { ...list, createdAt: new Date(list.createdAt), updatedAt: new Date(list.updatedAt) };
}

function copyListEvent(event: ListEvent): ListEvent {
  return { ...event, occurredAt: new Date(event.occurredAt), list: event.list && copyList(event.list) };
}
