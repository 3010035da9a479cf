import { inject, injectable } from 'inversify';
import { UserId, type ExpectedVersion, type TaskRepository } from '../../domain/index.js';
import { Command, type CommandHandler } from '../command-bus.js';
import type { Clock } from '../ports/clock.js';
import { TOKENS } from '../tokens.js';
import { loadOwnedTask } from './owned-task.js';

/**
 * Deletes a task and its subtasks at every depth, in one unit of work: each its own `task.deleted`, the deepest
 * first, so that no subtask outlives its parent. `expectedVersion` is the named task's.
 */
export class DeleteTaskCommand extends Command<void> {
  constructor(
    readonly userId: string,
    readonly taskId: string,
    readonly expectedVersion?: ExpectedVersion,
  ) {
    super();
  }
}

@injectable()
export class DeleteTaskHandler implements CommandHandler<DeleteTaskCommand> {
  readonly commandType = DeleteTaskCommand;

  constructor(
    @inject(TOKENS.TaskRepository) private readonly tasks: TaskRepository,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async handle(command: DeleteTaskCommand): Promise<void> {
    const actor = UserId.from(command.userId);
    const task = await loadOwnedTask(this.tasks, actor, command.taskId, command.expectedVersion);
    const now = this.clock.now();
    for (const subtask of await this.tasks.descendantsOf(actor, task.id)) {
      subtask.delete(actor, now);
      await this.tasks.persist(subtask);
    }
    task.delete(actor, now);
    await this.tasks.persist(task);
  }
}
