import type { TaskEvent, TaskSnapshot } from '../domain/index.js';
import type { LoggedTaskChange } from './ports/task-change-log.js';
import type { TaskView } from './ports/task-read-model.js';

/** The wire shape of a task from its snapshot, for answers to commands (reads come straight from SQL). */
export function toTaskView(task: TaskSnapshot): TaskView {
  return {
    id: task.id,
    user_id: task.ownerId,
    title: task.title,
    description: task.description,
    due_date: task.dueDate,
    priority: task.priority,
    completed: task.completed,
    completed_at: task.completedAt?.toISOString() ?? null,
    list_id: task.listId,
    parent_id: task.parentId,
    position: task.position,
    labels: [...task.labels],
    repeat: task.repeat,
    repeat_from: task.repeatFrom,
    created_at: task.createdAt.toISOString(),
    updated_at: task.updatedAt.toISOString(),
    version: task.version,
  };
}

/** An event as the change log keeps it, before the log numbers it: the task, if any, in its wire shape. */
export function toLoggedEvent(event: TaskEvent): Omit<LoggedTaskChange, 'seq'> {
  return {
    type: event.type,
    task_id: event.taskId,
    occurred_at: event.occurredAt.toISOString(),
    task: event.task && toTaskView(event.task),
  };
}
