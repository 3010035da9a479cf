import { inject, injectable } from 'inversify';
import { UserId, type ExpectedVersion } from '../../domain/index.js';
import { Command, type CommandHandler } from '../command-bus.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { UnitStores } from '../ports/unit-of-work.js';
import { TOKENS } from '../tokens.js';
import { loadOwnedList } from './owned-list.js';

/**
 * Deletes one of the owner's lists and every task in it, in one unit of work: each task its own `task.deleted`,
 * the deepest first, then the list its `list.deleted`. The inbox cannot be deleted (`InboxNotDeletableError`).
 * `expectedVersion` is the list's.
 */
export class DeleteListCommand extends Command<void> {
  constructor(
    readonly userId: string,
    readonly listId: string,
    readonly expectedVersion?: ExpectedVersion,
  ) {
    super();
  }
}

@injectable()
export class DeleteListHandler implements CommandHandler<DeleteListCommand> {
  readonly commandType = DeleteListCommand;

  constructor(
    @inject(TOKENS.IdGenerator) private readonly ids: IdGenerator,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async handle(command: DeleteListCommand, stores: UnitStores): Promise<void> {
    const actor = UserId.from(command.userId);
    const list = await loadOwnedList({ lists: stores.lists, ids: this.ids, clock: this.clock }, actor, command.listId, command.expectedVersion);
    const now = this.clock.now();
    // Refused for the inbox before any task is touched.
    list.delete(actor, now);
    for (const task of await stores.tasks.tasksInList(actor, list.id)) {
      task.delete(actor, now);
      await stores.tasks.persist(task);
    }
    await stores.lists.persist(list);
  }
}
