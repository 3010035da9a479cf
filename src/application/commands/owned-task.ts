import { TaskId, TaskNotFoundError, type ExpectedVersion, type Task, type TaskRepository, type UserId } from '../../domain/index.js';

/** Loads the actor's task for a change, treating a malformed id like any other task that is not theirs. */
export async function loadOwnedTask(
  tasks: TaskRepository,
  actor: UserId,
  rawTaskId: string,
  expectedVersion: ExpectedVersion | undefined,
): Promise<Task> {
  const id = TaskId.tryParse(rawTaskId);
  const task = id ? await tasks.findOwned(actor, id) : null;
  if (!task) throw new TaskNotFoundError();
  task.assertVersion(expectedVersion);
  return task;
}
