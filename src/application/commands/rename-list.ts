import { inject, injectable } from 'inversify';
import { DomainValidationError, ListName, UserId, type ExpectedVersion } from '../../domain/index.js';
import { Command, type CommandHandler } from '../command-bus.js';
import { toListView, type ListView } from '../list-view.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { UnitStores } from '../ports/unit-of-work.js';
import { TOKENS } from '../tokens.js';
import { loadOwnedList } from './owned-list.js';

/** Renames one of the owner's lists (a list id, or `inbox`); the inbox can be renamed too. */
export class RenameListCommand extends Command<ListView> {
  constructor(
    readonly userId: string,
    readonly listId: string,
    readonly name: string,
    readonly expectedVersion?: ExpectedVersion,
  ) {
    super();
  }
}

@injectable()
export class RenameListHandler implements CommandHandler<RenameListCommand> {
  readonly commandType = RenameListCommand;

  constructor(
    @inject(TOKENS.IdGenerator) private readonly ids: IdGenerator,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async handle(command: RenameListCommand, stores: UnitStores): Promise<ListView> {
    // Validate the input before touching storage: a bad request costs no lock.
    const { actor, name } = DomainValidationError.collect({
      actor: () => UserId.from(command.userId),
      name: () => ListName.from(command.name),
    });
    const list = await loadOwnedList({ lists: stores.lists, ids: this.ids, clock: this.clock }, actor, command.listId, command.expectedVersion);
    list.rename(actor, name, this.clock.now());
    await stores.lists.persist(list);
    return toListView(list.snapshot());
  }
}
