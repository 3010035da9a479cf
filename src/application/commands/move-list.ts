import { inject, injectable } from 'inversify';
import {
  DomainValidationError,
  ListId,
  Position,
  UserId,
  type ExpectedVersion,
  type MoveNeighbour,
  type PositionGap,
  type TaskList,
} from '../../domain/index.js';
import { Command, type CommandHandler } from '../command-bus.js';
import { toListView, type ListView } from '../list-view.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { UnitStores } from '../ports/unit-of-work.js';
import { TOKENS } from '../tokens.js';
import { INBOX_ALIAS, inboxCandidate, loadOwnedList, type ListAccess } from './owned-list.js';

/** Where a move puts the list, as the caller named it: right after or before another list, or at the start or end. */
export interface RequestedListMove {
  readonly side: MoveNeighbour['side'];
  /** The other list's id (or `inbox`); null for the start (`after`) or the end (`before`) of the owner's lists. */
  readonly neighbourId: string | null;
}

/**
 * Puts a list elsewhere in the owner's manual order of lists, as `MoveTaskCommand` does a task among its siblings:
 * the list's own row is rewritten and nothing else. A move to where the list already is changes nothing. Lists moved
 * into one gap at the same time get different keys (`Position.withinFor`), so they never share a position.
 */
export class MoveListCommand extends Command<ListView> {
  constructor(
    readonly userId: string,
    readonly listId: string,
    readonly move: RequestedListMove,
    readonly expectedVersion?: ExpectedVersion,
  ) {
    super();
  }
}

@injectable()
export class MoveListHandler implements CommandHandler<MoveListCommand> {
  readonly commandType = MoveListCommand;

  constructor(
    @inject(TOKENS.IdGenerator) private readonly ids: IdGenerator,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  private access(stores: UnitStores): ListAccess {
    return { lists: stores.lists, ids: this.ids, clock: this.clock };
  }

  async handle(command: MoveListCommand, stores: UnitStores): Promise<ListView> {
    const { side, neighbourId } = command.move;
    const field = side === 'after' ? 'after_id' : 'before_id';
    const notAList = () => DomainValidationError.of(field, `${field} must be the id of another of your lists, or null`);
    const actor = UserId.from(command.userId);
    // A malformed, missing or foreign neighbour is refused alike, revealing nothing.
    if (neighbourId !== null && neighbourId !== INBOX_ALIAS && !ListId.tryParse(neighbourId)) throw notAList();

    const list = await loadOwnedList(this.access(stores), actor, command.listId, command.expectedVersion);
    const neighbour = neighbourId === null ? null : await this.neighbourOf(stores, actor, neighbourId);
    if (neighbourId !== null && (!neighbour || neighbour.id.equals(list.id))) throw notAList();
    const gap = await this.gapBeside(stores, actor, side, neighbour, list);
    if (!list.position.isWithin(gap)) {
      // A key of this list's own: lists moved into the same gap at once still get different positions.
      list.moveTo(actor, Position.withinFor(gap, list.id.value), this.clock.now());
      await stores.lists.persist(list);
    }
    return toListView(list.snapshot());
  }

  private async neighbourOf(stores: UnitStores, actor: UserId, raw: string): Promise<TaskList | null> {
    if (raw === INBOX_ALIAS) return stores.lists.inboxOf(actor, inboxCandidate(this.access(stores), actor));
    return stores.lists.findOwned(actor, ListId.from(raw));
  }

  /** The gap beside `neighbour` (null: the start or the end) among the owner's lists other than `moving`. */
  private async gapBeside(stores: UnitStores, actor: UserId, side: MoveNeighbour['side'], neighbour: TaskList | null, moving: TaskList): Promise<PositionGap> {
    const skipping = async (found: TaskList | null, next: (from: Position) => Promise<TaskList | null>) =>
      found && found.id.equals(moving.id) ? next(found.position) : found;
    if (side === 'after') {
      const following = await skipping(await stores.lists.nextAfter(actor, neighbour?.position ?? null), (from) => stores.lists.nextAfter(actor, from));
      return { before: neighbour?.position ?? null, after: following?.position ?? null };
    }
    const preceding = await skipping(await stores.lists.previousBefore(actor, neighbour?.position ?? null), (from) =>
      stores.lists.previousBefore(actor, from),
    );
    return { before: preceding?.position ?? null, after: neighbour?.position ?? null };
  }
}
