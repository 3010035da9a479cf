import { inject, injectable } from 'inversify';
import { UserId, type ExpectedVersion } from '../../domain/index.js';
import { Command, type CommandHandler } from '../command-bus.js';
import type { Clock } from '../ports/clock.js';
import type { UnitStores } from '../ports/unit-of-work.js';
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
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async handle(command: DeleteTaskCommand, stores: UnitStores): Promise<void> {
    const actor = UserId.from(command.userId);
    const task = await loadOwnedTask(stores.tasks, actor, command.taskId, command.expectedVersion);
    const now = this.clock.now();
    for (const subtask of await stores.tasks.descendantsOf(actor, task.id)) {
      subtask.delete(actor, now);
      await stores.tasks.persist(subtask);
    }
    task.delete(actor, now);
    await stores.tasks.persist(task);
  }
}
