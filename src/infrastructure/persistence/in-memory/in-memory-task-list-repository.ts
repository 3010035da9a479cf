import {
  DEFAULT_LIST_LIMITS,
  ListLimitReachedError,
  ListNameTakenError,
  Position,
  TaskList,
  type ListEvent,
  type ListId,
  type ListLimits,
  type ListSnapshot,
  type TaskListRepository,
  UserId,
} from '../../../domain/index.js';
import type { InMemoryTaskStore } from './in-memory-task-store.js';

/**
 * `TaskListRepository` over an `InMemoryTaskStore`, for tests and tools that need no database. It refuses what
 * the PostgreSQL repository refuses (a taken name in any case, a second inbox, the owner's list limit, a stale
 * copy) and writes each list with its events into the store's log, numbered with the owner's task events; the
 * unit of work in progress puts the store back if its run fails.
 */
export class InMemoryTaskListRepository implements TaskListRepository {
  private readonly loadedVersions = new WeakMap<TaskList, number>();

  constructor(
    private readonly store: InMemoryTaskStore,
    private readonly limits: ListLimits = DEFAULT_LIST_LIMITS,
  ) {}

  /** Every owner's list events written so far, oldest first. */
  events(): ListEvent[] {
    return this.store.changes().flatMap(({ event }) => ('listId' in event ? [event] : []));
  }

  async findOwned(owner: UserId, id: ListId): Promise<TaskList | null> {
    const snapshot = this.store.list(id.value);
    return snapshot && snapshot.ownerId === owner.value ? this.loaded(snapshot) : null;
  }

  async hasOwned(owner: UserId, id: ListId): Promise<boolean> {
    return this.store.list(id.value)?.ownerId === owner.value;
  }

  async inboxOf(owner: UserId, candidate: () => TaskList): Promise<TaskList> {
    const existing = this.listsOf(owner).find((list) => list.isInbox);
    if (existing) return this.loaded(existing);
    const inbox = candidate();
    await this.persist(inbox);
    return inbox;
  }

  async inboxIdOf(owner: UserId, candidate: () => TaskList): Promise<ListId> {
    return (await this.inboxOf(owner, candidate)).id;
  }

  /** The owner's lists in their order (for the in-memory read side). */
  listsInOrder(owner: string): ListSnapshot[] {
    return this.ordered(UserId.from(owner));
  }

  async allOf(owner: UserId): Promise<TaskList[]> {
    return this.ordered(owner).map((snapshot) => this.loaded(snapshot));
  }

  async nextAfter(owner: UserId, position: Position | null): Promise<TaskList | null> {
    const next = this.ordered(owner).find((list) => position === null || list.position > position.value);
    return next ? this.loaded(next) : null;
  }

  async previousBefore(owner: UserId, position: Position | null): Promise<TaskList | null> {
    const previous = this.ordered(owner)
      .reverse()
      .find((list) => position === null || list.position < position.value);
    return previous ? this.loaded(previous) : null;
  }

  async persist(list: TaskList): Promise<void> {
    const events = list.pullDomainEvents();
    if (events.length === 0) return;
    const stored = this.store.list(list.id.value);
    const loadedVersion = this.loadedVersions.get(list) ?? 0;
    if (stored && stored.ownerId !== list.ownerId.value) throw new Error(`List ${list.id.value} belongs to another owner`);
    const storedVersion = stored?.version ?? 0;
    if (storedVersion !== loadedVersion) {
      throw new Error(`List ${list.id.value} is at version ${storedVersion}, not ${loadedVersion} as loaded`);
    }
    const others = this.listsOf(list.ownerId).filter((other) => other.id !== list.id.value);
    if (!list.isDeleted) {
      if (loadedVersion === 0 && others.length >= this.limits.maxListsPerUser) {
        throw new ListLimitReachedError(this.limits.maxListsPerUser);
      }
      if (others.some((other) => other.name.toLowerCase() === list.name.value.toLowerCase())) {
        throw new ListNameTakenError(list.name.value);
      }
      if (list.isInbox && others.some((other) => other.isInbox)) throw new Error(`${list.ownerId.value} already has an inbox`);
    }

    this.store.writeList(list.id.value, list.isDeleted ? null : list.snapshot(), events);
    this.loadedVersions.set(list, list.version);
  }

  private listsOf(owner: UserId): ListSnapshot[] {
    return this.store.listsOf(owner.value);
  }

  private ordered(owner: UserId): ListSnapshot[] {
    return this.listsOf(owner).sort((a, b) => Position.compare(Position.from(a.position), Position.from(b.position)) || (a.id < b.id ? -1 : 1));
  }

  private loaded(snapshot: ListSnapshot): TaskList {
    const list = TaskList.rehydrate(snapshot);
    this.loadedVersions.set(list, snapshot.version);
    return list;
  }
}
