import { inject, injectable } from 'inversify';
import { UserId } from '../../domain/index.js';
import type { TaskReadModel, TaskStats } from '../ports/task-read-model.js';
import { Query, type QueryHandler } from '../query-bus.js';
import { TOKENS } from '../tokens.js';

export class TaskStatsQuery extends Query<TaskStats> {
  constructor(readonly userId: string) {
    super();
  }
}

@injectable()
export class TaskStatsHandler implements QueryHandler<TaskStatsQuery> {
  readonly queryType = TaskStatsQuery;

  constructor(@inject(TOKENS.TaskReadModel) private readonly tasks: TaskReadModel) {}

  async handle(query: TaskStatsQuery): Promise<TaskStats> {
    return this.tasks.stats(UserId.from(query.userId).value);
  }
}
