import type {
  TaskAdminReadModel,
  UserDataFootprint,
  UserListsAndTasks,
  UserTaskStats,
} from '../../../application/ports/task-admin-read-model.js';
import type { TaskView } from '../../../application/ports/task-read-model.js';
import { toListView } from '../../../application/list-view.js';
import { toTaskView } from '../../../application/task-view.js';
import type { InMemoryTaskListRepository } from './in-memory-task-list-repository.js';
import type { InMemoryTaskStore } from './in-memory-task-store.js';

/** `TaskAdminReadModel` over an `InMemoryTaskStore` and the lists beside it, ordered as the SQL one orders. */
export class InMemoryTaskAdminReadModel implements TaskAdminReadModel {
  constructor(
    private readonly store: InMemoryTaskStore,
    private readonly lists: InMemoryTaskListRepository,
  ) {}

  async statsByUser(ownerId?: string): Promise<UserTaskStats[]> {
    const byUser = new Map<string, UserTaskStats>();
    const tasks = ownerId === undefined ? this.store.allTasks() : this.store.tasksOf(ownerId);
    for (const task of tasks) {
      const stats = byUser.get(task.ownerId) ?? { user_id: task.ownerId, total: 0, pending: 0, completed: 0 };
      stats.total += 1;
      if (task.completed) stats.completed += 1;
      else stats.pending += 1;
      byUser.set(task.ownerId, stats);
    }
    return [...byUser.values()].sort((a, b) => compareStrings(a.user_id, b.user_id));
  }

  async allTasksOf(ownerId: string): Promise<TaskView[]> {
    return this.store
      .tasksOf(ownerId)
      .map(toTaskView)
      .sort((a, b) => compareStrings(a.created_at, b.created_at) || compareStrings(a.id, b.id));
  }

  async listsAndTasksOf(ownerId: string): Promise<UserListsAndTasks> {
    return { lists: this.lists.listsInOrder(ownerId).map(toListView), tasks: await this.allTasksOf(ownerId) };
  }

  async footprint(ownerId: string): Promise<UserDataFootprint> {
    return { tasks: this.store.tasksOf(ownerId).length, lists: this.store.listsOf(ownerId).length, events: this.store.changes(ownerId).length };
  }
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
