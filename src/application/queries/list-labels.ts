import { inject, injectable } from 'inversify';
import { UserId } from '../../domain/index.js';
import type { LabelView, TaskReadModel } from '../ports/task-read-model.js';
import { Query, type QueryHandler } from '../query-bus.js';
import { TOKENS } from '../tokens.js';

export interface LabelList {
  items: LabelView[];
}

/**
 * The user's labels, each once with how many of their tasks carry it, sorted by name ignoring case. All of them in
 * one answer: a user has at most MAX_TASKS_PER_USER tasks of at most 20 labels each, and in practice a handful.
 */
export class ListLabelsQuery extends Query<LabelList> {
  constructor(readonly userId: string) {
    super();
  }
}

@injectable()
export class ListLabelsHandler implements QueryHandler<ListLabelsQuery> {
  readonly queryType = ListLabelsQuery;

  constructor(@inject(TOKENS.TaskReadModel) private readonly tasks: TaskReadModel) {}

  async handle(query: ListLabelsQuery): Promise<LabelList> {
    const owner = UserId.from(query.userId);
    return { items: await this.tasks.labels(owner.value) };
  }
}
