import {
  DEFAULT_TASK_LIMITS,
  LabelName,
  Position,
  Task,
  TaskLimitReachedError,
  type AncestorChain,
  type ListId,
  type MoveNeighbour,
  type PositionGap,
  type SiblingGroup,
  type TaskId,
  type TaskSnapshot,
  type TaskLimits,
  type TaskRepository,
  type UserId,
} from '../../../domain/index.js';
import type { InMemoryTaskStore } from './in-memory-task-store.js';

/**
 * `TaskRepository` over an `InMemoryTaskStore`, for tests and tools that need no database. It writes each
 * change at once; `InMemoryUnitOfWork` runs one unit at a time and puts the store back if the unit fails.
 */
export class InMemoryTaskRepository implements TaskRepository {
  /** The version each task this repository handed out was at when it was loaded (or last persisted). */
  private readonly loadedVersions = new WeakMap<Task, number>();

  constructor(
    private readonly store: InMemoryTaskStore,
    private readonly limits: TaskLimits = DEFAULT_TASK_LIMITS,
  ) {}

  async findOwned(owner: UserId, id: TaskId): Promise<Task | null> {
    const snapshot = this.store.task(id.value);
    if (!snapshot || snapshot.ownerId !== owner.value) return null;
    return this.loaded(snapshot);
  }

  async findOwnedWithLabels(owner: UserId, keys: readonly string[], limit: number): Promise<Task[]> {
    return this.store
      .tasksOf(owner.value)
      .filter((snapshot) => snapshot.labels.some((name) => keys.includes(LabelName.keyOf(name))))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, limit)
      .map((snapshot) => {
        const task = Task.rehydrate(snapshot);
        this.loadedVersions.set(task, snapshot.version);
        return task;
      });
  }

  async persist(task: Task): Promise<void> {
    const events = task.pullDomainEvents();
    // A task that recorded nothing has not changed since it was loaded: writing it back could only
    // overwrite someone else's newer change.
    if (events.length === 0) return;
    const stored = this.store.task(task.id.value);
    const loadedVersion = this.loadedVersions.get(task) ?? 0;
    // What the PostgreSQL repository refuses too: one id holding two owners' tasks, a second task under a taken
    // id, or a change to a copy loaded before someone else's change (its loaded version is no longer stored).
    if (stored && stored.ownerId !== task.ownerId.value) {
      throw new Error(`Task ${task.id.value} belongs to another owner`);
    }
    const storedVersion = stored?.version ?? 0;
    if (storedVersion !== loadedVersion) {
      throw new Error(`Task ${task.id.value} is at version ${storedVersion}, not ${loadedVersion} as loaded`);
    }
    if (loadedVersion === 0 && this.store.tasksOf(task.ownerId.value).length >= this.limits.maxTasksPerUser) {
      throw new TaskLimitReachedError(this.limits.maxTasksPerUser);
    }
    this.store.write(task.id.value, task.isDeleted ? null : task.snapshot(), events);
    this.loadedVersions.set(task, task.version);
  }

  async ancestorsOf(owner: UserId, id: TaskId): Promise<AncestorChain | null> {
    const chain: string[] = [];
    for (let current = this.store.task(id.value); current; current = current.parentId ? this.store.task(current.parentId) : undefined) {
      if (current.ownerId !== owner.value) return null;
      chain.push(current.id);
    }
    return chain.length === 0 ? null : chain;
  }

  async lastPositionUnder(owner: UserId, parent: TaskId | null, list: ListId): Promise<Position | null> {
    // One unit of work runs at a time here: nothing to serialise.
    const last = this.siblings(owner, { listId: list, parentId: parent }).at(-1);
    return last === undefined ? null : Position.from(last.position);
  }

  async descendantsOf(owner: UserId, id: TaskId): Promise<Task[]> {
    return this.deepestFirst(this.levelsBelow(owner, id.value));
  }

  async tasksInList(owner: UserId, list: ListId): Promise<Task[]> {
    const levels: TaskSnapshot[][] = [];
    const inList = this.store.tasksOf(owner.value).filter((task) => task.listId === list.value);
    for (let parents = new Set<string | null>([null]); ; ) {
      const level = inList.filter((task) => parents.has(task.parentId));
      if (level.length === 0) break;
      levels.push(level);
      parents = new Set(level.map((task) => task.id));
    }
    return this.deepestFirst(levels);
  }

  async subtreeHeight(owner: UserId, id: TaskId): Promise<number> {
    return this.levelsBelow(owner, id.value).length + 1;
  }

  async gapBeside(owner: UserId, group: SiblingGroup, neighbour: MoveNeighbour, moving: TaskId): Promise<PositionGap | null> {
    const siblings = this.siblings(owner, group)
      .filter((task) => task.id !== moving.value)
      .map((task) => ({ id: task.id, position: Position.from(task.position) }));
    const at = neighbour.id === null ? (neighbour.side === 'after' ? -1 : siblings.length) : siblings.findIndex((task) => task.id === neighbour.id!.value);
    if (at === -1 && neighbour.id !== null) return null;
    const [before, after] = neighbour.side === 'after' ? [at, at + 1] : [at - 1, at];
    return { before: siblings[before]?.position ?? null, after: siblings[after]?.position ?? null };
  }

  /** The owner's tasks of one sibling group, in manual order. */
  private siblings(owner: UserId, group: SiblingGroup): TaskSnapshot[] {
    return this.store
      .tasksOf(owner.value)
      .filter((task) => task.listId === group.listId.value && task.parentId === (group.parentId?.value ?? null))
      .sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  }

  /** The owner's tasks below `id`, level by level: its subtasks first, then theirs, and so on. */
  private levelsBelow(owner: UserId, id: string): TaskSnapshot[][] {
    const tasks = this.store.tasksOf(owner.value);
    const levels: TaskSnapshot[][] = [];
    for (let parents = new Set([id]); ; ) {
      const level = tasks.filter((task) => task.parentId !== null && parents.has(task.parentId));
      if (level.length === 0) return levels;
      levels.push(level);
      parents = new Set(level.map((task) => task.id));
    }
  }

  /** Deepest level first; within a level, last position first, as the PostgreSQL adapter orders them. */
  private deepestFirst(levels: TaskSnapshot[][]): Task[] {
    return levels.reverse().flatMap((level) => level.sort((a, b) => (a.position < b.position ? 1 : -1)).map((snapshot) => this.loaded(snapshot)));
  }

  private loaded(snapshot: TaskSnapshot): Task {
    const task = Task.rehydrate(snapshot);
    this.loadedVersions.set(task, snapshot.version);
    return task;
  }
}
