import { inject, injectable } from 'inversify';
import { UserId } from '../../domain/index.js';
import type { Clock } from '../ports/clock.js';
import type { TaskReadModel, TaskStats } from '../ports/task-read-model.js';
import { Query, type QueryHandler } from '../query-bus.js';
import { TOKENS } from '../tokens.js';
import { TimeZone } from './time-zone.js';

export interface TaskStatsParams {
  /** IANA time zone name in which to tell what is overdue and what is due today; UTC when absent. */
  tz?: string;
}

/**
 * The user's task counts. `overdue` counts pending tasks due before today, `due_today` pending tasks due today,
 * today being the date in the user's time zone: completed tasks are never late.
 */
export class TaskStatsQuery extends Query<TaskStats> {
  constructor(
    readonly userId: string,
    readonly params: TaskStatsParams = {},
  ) {
    super();
  }
}

@injectable()
export class TaskStatsHandler implements QueryHandler<TaskStatsQuery> {
  readonly queryType = TaskStatsQuery;

  constructor(
    @inject(TOKENS.TaskReadModel) private readonly tasks: TaskReadModel,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async handle(query: TaskStatsQuery): Promise<TaskStats> {
    const owner = UserId.from(query.userId);
    const today = TimeZone.parse(query.params.tz).dateAt(this.clock.now());
    return this.tasks.stats(owner.value, today);
  }
}
