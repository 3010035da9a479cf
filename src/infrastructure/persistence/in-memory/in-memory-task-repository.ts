import { Task, type TaskId, type TaskRepository, type UserId } from '../../../domain/index.js';
import type { InMemoryTaskStore } from './in-memory-task-store.js';

/**
 * `TaskRepository` over an `InMemoryTaskStore`, for tests and tools that need no database. Exclusive
 * access to a loaded task comes from `InMemoryUnitOfWork`, which runs one command at a time.
 */
export class InMemoryTaskRepository implements TaskRepository {
  constructor(private readonly store: InMemoryTaskStore) {}

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
    // What a database would refuse too: one id holding two owners' tasks, a second task under a taken id,
    // or a change made to a copy older than the stored one.
    if (stored && stored.ownerId !== task.ownerId.value) {
      throw new Error(`Task ${task.id.value} belongs to another owner`);
    }
    if (stored && stored.version >= task.version) {
      throw new Error(`Task ${task.id.value} is already at version ${stored.version}, not before ${task.version}`);
    }
    this.store.write(task.id.value, task.isDeleted ? null : task.snapshot(), events);
  }
}
