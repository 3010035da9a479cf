/**
 * What the persistence contract suites run against: every port of one storage (in memory or PostgreSQL), empty
 * at the start of each test, and the few ways the suites write tasks through those ports.
 */
import { TaskMother } from '../task-mother.js';
import { randomUUID } from 'node:crypto';
import type { IdempotencyStore } from '../../../src/application/ports/idempotency-store.js';
import type { TaskAdminReadModel } from '../../../src/application/ports/task-admin-read-model.js';
import type { TaskChangeLog } from '../../../src/application/ports/task-change-log.js';
import type { TaskChangeLogCompaction } from '../../../src/application/ports/task-change-log-compaction.js';
import type { TaskIdLookup } from '../../../src/application/ports/task-id-lookup.js';
import type { TaskListReadModel } from '../../../src/application/ports/task-list-read-model.js';
import type { TaskReadModel, TaskView } from '../../../src/application/ports/task-read-model.js';
import type { UnitOfWork } from '../../../src/application/ports/unit-of-work.js';
import type { UserTaskErasure } from '../../../src/application/ports/user-task-erasure.js';
import { toTaskView } from '../../../src/application/task-view.js';
import {
  ListId,
  ListName,
  Position,
  Task,
  TaskList,
  TaskDescription,
  TaskDueDate,
  TaskId,
  TaskLabels,
  TaskPriority,
  TaskRepeat,
  TaskTitle,
  UserId,
  type TaskListRepository,
  type TaskPriorityName,
  type TaskRepository,
} from '../../../src/domain/index.js';

/** Every persistence port, all over one storage. */
export interface PersistenceAdapters {
  readonly repository: TaskRepository;
  readonly lists: TaskListRepository;
  readonly unitOfWork: UnitOfWork;
  readonly readModel: TaskReadModel;
  readonly listReadModel: TaskListReadModel;
  readonly changeLog: TaskChangeLog;
  readonly compaction: TaskChangeLogCompaction;
  readonly idempotency: IdempotencyStore;
  readonly erasure: UserTaskErasure;
  readonly admin: TaskAdminReadModel;
  readonly idLookup: TaskIdLookup;
}

/** The adapters of an empty storage, and the one thing the suites need to do to it from outside. */
export interface PersistenceFixture extends PersistenceAdapters {
  /**
   * Makes every idempotency key held so far `seconds` older, as if that much time had passed since it was
   * claimed: the in-memory store's clock moves on, PostgreSQL's keys are backdated (it times them by its own clock).
   */
  age(seconds: number): Promise<void>;
}

export interface PersistenceFixtureOptions {
  /** MAX_TASKS_PER_USER; the service's default when left out. */
  readonly maxTasksPerUser?: number;
  /** MAX_LISTS_PER_USER; the service's default when left out. */
  readonly maxListsPerUser?: number;
}

/** Makes a fresh fixture: an empty storage for one test. */
export type PersistenceFixtureFactory = (options?: PersistenceFixtureOptions) => Promise<PersistenceFixture>;

export const ALICE = UserId.from('user-alice');
export const BOB = UserId.from('user-bob');

/** Where the suites' time starts: every task and change is dated from it, never from the machine's clock. */
export const NOW = new Date('2026-11-25T10:00:00.000Z');
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** `minutes` after `NOW`. */
export const minutesLater = (minutes: number) => new Date(NOW.getTime() + minutes * MINUTE);
/** `days` before `NOW`. */
export const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

/** A task id the suites can name by number, and which sorts by it: `taskId(2) < taskId(10)`. */
export const taskId = (n: number) => `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;

export interface TaskSeed {
  id?: string;
  owner?: UserId;
  title?: string;
  description?: string | null;
  dueDate?: string | null;
  priority?: TaskPriorityName;
  completed?: boolean;
  createdAt?: Date;
  /** When it last changed (and was completed, if it is); `createdAt` when left out. */
  updatedAt?: Date;
  labels?: string[];
  /** The rule it repeats by (it then needs a due date), and from what. */
  repeat?: string | null;
  repeatFrom?: 'due' | 'completion';
}

/** The writes the suites make: through the repository, each in a unit of work of its own, as a command's would be. */
export class TaskWrites {
  constructor(private readonly adapters: Pick<PersistenceAdapters, 'repository' | 'unitOfWork'>) {}

  /**
   * Stores a task in the state described, as an import would (keeping the timestamps given); its one
   * change, `task.created`, occurs at `updatedAt`. Answers the task as the read model should show it.
   */
  async seed(seed: TaskSeed = {}): Promise<TaskView> {
    const task = taskFrom(seed);
    await this.adapters.unitOfWork.run((stores) => stores.tasks.persist(task));
    return toTaskView(task.snapshot());
  }

  /** Creates a task as `Task.create` does, at `now`. */
  async create(owner: UserId, now: Date, title = 'Task', id = TaskId.from(randomUUID())): Promise<TaskId> {
    const task = Task.create({ placement: TaskMother.placement(), listId: TaskMother.listOf(owner), id, owner, title: TaskTitle.from(title), description: null, now });
    await this.adapters.unitOfWork.run((stores) => stores.tasks.persist(task));
    return id;
  }

  /** Creates a subtask of `parent` at `now`, at the end of the parent's subtasks. */
  async createUnder(owner: UserId, parent: TaskId, now: Date, title = 'Subtask', id = TaskId.from(randomUUID())): Promise<TaskId> {
    await this.adapters.unitOfWork.run(async (stores) => {
      const listId = TaskMother.listOf(owner);
      const last = await stores.tasks.lastPositionUnder(owner, parent, listId);
      const placement = { parentId: parent, position: Position.between(last, null) };
      await stores.tasks.persist(Task.create({ placement, listId, id, owner, title: TaskTitle.from(title), description: null, now }));
    });
    return id;
  }

  /** Loads the owner's task in a unit of work, applies `how` and saves it. */
  change(owner: UserId, id: TaskId, how: (task: Task) => void): Promise<void> {
    return this.adapters.unitOfWork.run(async (stores) => {
      const task = await stores.tasks.findOwned(owner, id);
      if (!task) throw new Error(`No task ${id.value} of ${owner.value} to change`);
      how(task);
      await stores.tasks.persist(task);
    });
  }

  toggle(owner: UserId, id: TaskId, now: Date): Promise<void> {
    return this.change(owner, id, (task) => task.toggle(owner, now));
  }

  remove(owner: UserId, id: TaskId, now: Date): Promise<void> {
    return this.change(owner, id, (task) => task.delete(owner, now));
  }
}

/** The list writes the suites make: through the list repository, each in a unit of work of its own. */
export class ListWrites {
  constructor(private readonly adapters: Pick<PersistenceAdapters, 'lists' | 'unitOfWork'>) {}

  /** Creates a list as `TaskList.create` does, at `now`, at the end of the owner's lists. */
  async create(owner: UserId, now: Date, name = 'Work', id = ListId.from(randomUUID())): Promise<ListId> {
    await this.adapters.unitOfWork.run(async (stores) => {
      const last = await stores.lists.previousBefore(owner, null);
      const position = Position.between(last?.position ?? null, null);
      await stores.lists.persist(TaskList.create({ id, owner, name: ListName.from(name), position, now }));
    });
    return id;
  }

  rename(owner: UserId, id: ListId, name: string, now: Date): Promise<void> {
    return this.change(owner, id, (list) => list.rename(owner, ListName.from(name), now));
  }

  /** Deletes a list that holds no task. */
  remove(owner: UserId, id: ListId, now: Date): Promise<void> {
    return this.change(owner, id, (list) => list.delete(owner, now));
  }

  private change(owner: UserId, id: ListId, how: (list: TaskList) => void): Promise<void> {
    return this.adapters.unitOfWork.run(async (stores) => {
      const list = await stores.lists.findOwned(owner, id);
      if (!list) throw new Error(`No list ${id.value} of ${owner.value} to change`);
      how(list);
      await stores.lists.persist(list);
    });
  }
}

/** A task not stored yet, in the state described, its `task.created` waiting to be saved. */
export function taskFrom(seed: TaskSeed): Task {
  const createdAt = seed.createdAt ?? NOW;
  const updatedAt = seed.updatedAt ?? createdAt;
  return Task.import({ placement: TaskMother.placement(), listId: TaskMother.listOf(seed.owner ?? ALICE),
    id: TaskId.from(seed.id ?? randomUUID()),
    owner: seed.owner ?? ALICE,
    title: TaskTitle.from(seed.title ?? 'Task'),
    description: TaskDescription.fromNullable(seed.description ?? null),
    dueDate: TaskDueDate.fromNullable(seed.dueDate ?? null),
    priority: TaskPriority.from(seed.priority ?? 'none'),
    completedAt: seed.completed ? updatedAt : null,
    labels: TaskLabels.from(seed.labels ?? []),
    repeat: TaskRepeat.fromNullable(seed.repeat ?? null),
    repeatFrom: seed.repeatFrom ?? 'due',
    createdAt,
    updatedAt,
    version: 1,
    now: updatedAt,
  });
}
