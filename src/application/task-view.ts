import type { TaskSnapshot } from '../domain/index.js';
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
    created_at: task.createdAt.toISOString(),
    updated_at: task.updatedAt.toISOString(),
    version: task.version,
  };
}
