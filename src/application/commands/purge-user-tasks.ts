import { injectable } from 'inversify';
import { UserId } from '../../domain/index.js';
import { Command, type CommandHandler } from '../command-bus.js';
import { UserNotFoundError } from '../errors.js';
import type { UserDataFootprint } from '../ports/task-admin-read-model.js';
import type { UnitStores } from '../ports/unit-of-work.js';

export interface UserErasureReport extends UserDataFootprint {
  user_id: string;
}

/**
 * Erases all of a user's tasks and their change log (a right-to-erasure request), reporting what went.
 * `PurgeUserTasksPreviewQuery` answers the same counts without erasing anything.
 */
export class PurgeUserTasksCommand extends Command<UserErasureReport> {
  constructor(readonly userId: string) {
    super();
  }
}

@injectable()
export class PurgeUserTasksHandler implements CommandHandler<PurgeUserTasksCommand> {
  readonly commandType = PurgeUserTasksCommand;

  async handle(command: PurgeUserTasksCommand, stores: UnitStores): Promise<UserErasureReport> {
    const owner = UserId.from(command.userId);
    const erased = await stores.erasure.erase(owner.value);
    // Nothing to erase is most likely a mistyped id: say so rather than report success.
    if (erased.tasks === 0 && erased.events === 0) throw new UserNotFoundError(owner.value);
    return { user_id: owner.value, ...erased };
  }
}
