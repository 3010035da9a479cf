import { inject, injectable } from 'inversify';
import { UserId, type ExpectedVersion, type TaskRepository } from '../../domain/index.js';
import { Command, type CommandHandler } from '../command-bus.js';
import type { Clock } from '../ports/clock.js';
import { TOKENS } from '../tokens.js';
import { loadOwnedTask } from './owned-task.js';

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
    task.delete(actor, this.clock.now());
    await this.tasks.persist(task);
  }
}
