import { inject, injectable } from 'inversify';
import { DomainValidationError, ListName, Position, TaskList, UserId } from '../../domain/index.js';
import { Command, type CommandHandler } from '../command-bus.js';
import { toListView, type ListView } from '../list-view.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { UnitStores } from '../ports/unit-of-work.js';
import { TOKENS } from '../tokens.js';
import { inboxCandidate } from './owned-list.js';

/** Adds a list at the end of the owner's order of lists. Names are unique per owner ignoring case. */
export class CreateListCommand extends Command<ListView> {
  constructor(
    readonly userId: string,
    readonly name: string,
  ) {
    super();
  }
}

@injectable()
export class CreateListHandler implements CommandHandler<CreateListCommand> {
  readonly commandType = CreateListCommand;

  constructor(
    @inject(TOKENS.IdGenerator) private readonly ids: IdGenerator,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async handle(command: CreateListCommand, stores: UnitStores): Promise<ListView> {
    const { owner, name } = DomainValidationError.collect({
      owner: () => UserId.from(command.userId),
      name: () => ListName.from(command.name),
    });
    // The inbox comes first in every owner's order: made now if this is the owner's first list.
    await stores.lists.inboxIdOf(owner, inboxCandidate({ lists: stores.lists, ids: this.ids, clock: this.clock }, owner));
    const id = this.ids.newListId();
    const last = await stores.lists.previousBefore(owner, null);
    const list = TaskList.create({ id, owner, name, position: Position.endAfter(last?.position ?? null, id.value), now: this.clock.now() });
    await stores.lists.persist(list);
    return toListView(list.snapshot());
  }
}
