import type {
  TaskKeyset,
  TaskListCriteria,
  TaskReadModel,
  TaskSortField,
  TaskStats,
  TaskView,
} from '../../../application/ports/task-read-model.js';
import { toTaskView } from '../../../application/task-view.js';
import type { InMemoryTaskStore } from './in-memory-task-store.js';

/**
 * `TaskReadModel` over an `InMemoryTaskStore`. Titles and timestamps compare as plain strings (ISO 8601
 * timestamps sort chronologically that way), with the id as tie-breaker in the same direction.
 */
export class InMemoryTaskReadModel implements TaskReadModel {
  constructor(private readonly store: InMemoryTaskStore) {}

  async findOne(ownerId: string, taskId: string): Promise<TaskView | null> {
    const snapshot = this.store.task(taskId);
    return snapshot && snapshot.ownerId === ownerId ? toTaskView(snapshot) : null;
  }

  async list(criteria: TaskListCriteria): Promise<TaskView[]> {
    const { sort, order, after, search, status, limit } = criteria;
    const direction = order === 'asc' ? 1 : -1;
    const needle = search?.toLowerCase() ?? null;
    return this.store
      .tasksOf(criteria.ownerId)
      .map(toTaskView)
      .filter((task) => status === 'all' || task.completed === (status === 'completed'))
      .filter((task) => needle === null || matches(task, needle))
      .filter((task) => after === null || direction * compareKeysets(keyset(task, sort), after) > 0)
      .sort((a, b) => direction * compareKeysets(keyset(a, sort), keyset(b, sort)))
      .slice(0, limit);
  }

  async stats(ownerId: string): Promise<TaskStats> {
    const tasks = this.store.tasksOf(ownerId);
    const completed = tasks.filter((task) => task.completed).length;
    return { total: tasks.length, pending: tasks.length - completed, completed };
  }
}

function keyset(task: TaskView, sort: TaskSortField): TaskKeyset {
  return { value: task[sort], id: task.id };
}

function compareKeysets(a: TaskKeyset, b: TaskKeyset): number {
  return compareStrings(a.value, b.value) || compareStrings(a.id, b.id);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function matches(task: TaskView, needle: string): boolean {
  return task.title.toLowerCase().includes(needle) || (task.description?.toLowerCase().includes(needle) ?? false);
}
