import { inject, injectable } from 'inversify';
import { UserId, type TaskListRepository } from '../../domain/index.js';
import { inboxCandidate } from '../commands/owned-list.js';
import type { ListView } from '../list-view.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { TaskListReadModel } from '../ports/task-list-read-model.js';
import { Query, type QueryHandler } from '../query-bus.js';
import { TOKENS } from '../tokens.js';

export interface ListPage {
  items: ListView[];
}

/** Every list of the owner in manual order, the inbox among them from the first request on. */
export class ListListsQuery extends Query<ListPage> {
  constructor(readonly userId: string) {
    super();
  }
}

@injectable()
export class ListListsHandler implements QueryHandler<ListListsQuery> {
  readonly queryType = ListListsQuery;

  constructor(
    @inject(TOKENS.TaskListReadModel) private readonly readModel: TaskListReadModel,
    @inject(TOKENS.TaskListRepository) private readonly lists: TaskListRepository,
    @inject(TOKENS.IdGenerator) private readonly ids: IdGenerator,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async handle(query: ListListsQuery): Promise<ListPage> {
    const owner = UserId.from(query.userId);
    // Every owner has an inbox: a new one gets it now (remembered afterwards, so this costs no read later).
    await this.lists.inboxIdOf(owner, inboxCandidate({ lists: this.lists, ids: this.ids, clock: this.clock }, owner));
    return { items: await this.readModel.lists(owner.value) };
  }
}
