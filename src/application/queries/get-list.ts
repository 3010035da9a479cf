import { inject, injectable } from 'inversify';
import { ListId, ListNotFoundError, UserId, type TaskListRepository } from '../../domain/index.js';
import { INBOX_ALIAS, inboxCandidate } from '../commands/owned-list.js';
import type { ListView } from '../list-view.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { TaskListReadModel } from '../ports/task-list-read-model.js';
import { Query, type QueryHandler } from '../query-bus.js';
import { TOKENS } from '../tokens.js';

/** One of the owner's lists, by id or `inbox`. A malformed, missing or foreign id is `ListNotFoundError` alike. */
export class GetListQuery extends Query<ListView> {
  constructor(
    readonly userId: string,
    readonly listId: string,
  ) {
    super();
  }
}

@injectable()
export class GetListHandler implements QueryHandler<GetListQuery> {
  readonly queryType = GetListQuery;

  constructor(
    @inject(TOKENS.TaskListReadModel) private readonly readModel: TaskListReadModel,
    @inject(TOKENS.TaskListRepository) private readonly lists: TaskListRepository,
    @inject(TOKENS.IdGenerator) private readonly ids: IdGenerator,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async handle(query: GetListQuery): Promise<ListView> {
    const owner = UserId.from(query.userId);
    const id =
      query.listId === INBOX_ALIAS
        ? await this.lists.inboxIdOf(owner, inboxCandidate({ lists: this.lists, ids: this.ids, clock: this.clock }, owner))
        : ListId.tryParse(query.listId);
    const list = id && (await this.readModel.findOne(owner.value, id.value));
    if (!list) throw new ListNotFoundError();
    return list;
  }
}
