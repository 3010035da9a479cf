import { Task, TaskLimitReachedError, type TaskId, type TaskRepository, type UserId } from '../../../domain/index.js';
import { DEFAULT_TASK_LIMITS, type TaskLimits } from '../task-limits.js';
import type { InMemoryTaskStore } from './in-memory-task-store.js';

/**
 * `TaskRepository` over an `InMemoryTaskStore`, for tests and tools that need no database. Exclusive
 * access to a loaded task comes from `InMemoryUnitOfWork`, which runs one command at a time.
 */
export class InMemoryTaskRepository implements TaskRepository {
  constructor(
    private readonly store: InMemoryTaskStore,
    private readonly limits: TaskLimits = DEFAULT_TASK_LIMITS,
  ) {}

  async findOwned(owner: UserId, id: TaskId): Promise<Task | null> {
    const snapshot = this.store.task(id.value);
    return snapshot && snapshot.ownerId === owner.value ? Task.rehydrate(snapshot) : null;
  }

  async save(task: Task): Promise<void> {
    const events = task.pullDomainEvents();
    // A task that recorded nothing has not changed since it was loaded: writing it back could only
    // overwrite someone else's newer change.
    if (events.length === 0) return;
    const stored = this.store.task(task.id.value);
    // What the SQL repository refuses too: one id holding two owners' tasks, a second task under a taken
    // id, or a change to a copy loaded before someone else's change (its loaded version is no longer stored).
    if (stored && stored.ownerId !== task.ownerId.value) {
      throw new Error(`Task ${task.id.value} belongs to another owner`);
    }
    const storedVersion = stored?.version ?? 0;
    if (storedVersion !== task.loadedVersion) {
      throw new Error(`Task ${task.id.value} is at version ${storedVersion}, not ${task.loadedVersion} as loaded`);
    }
    if (task.loadedVersion === 0 && this.store.tasksOf(task.ownerId.value).length >= this.limits.maxTasksPerUser) {
      throw new TaskLimitReachedError(this.limits.maxTasksPerUser);
    }
    this.store.write(task.id.value, task.isDeleted ? null : task.snapshot(), events);
  }
}
