import { inject, injectable } from 'inversify';
import { DUE_DATE_MIN, UserId } from '../../domain/index.js';
import type { Clock } from '../ports/clock.js';
import type { DueDateRange, SortOrder, TaskReadModel, TaskSortField, TaskStats, TaskView } from '../ports/task-read-model.js';
import { Query, type QueryHandler } from '../query-bus.js';
import { TOKENS } from '../tokens.js';
import { dayBefore, TimeZone } from './time-zone.js';

/** How many tasks each list of an overview holds at most; the counts say how many there are in all. */
export const OVERVIEW_LIST_LIMIT = 20;

export interface TaskOverviewParams {
  /** IANA time zone name in which "today" is meant; UTC when absent. */
  tz?: string;
}

/** Where a user stands today: their counts, and the pending tasks that want attention now. */
export interface TaskOverview {
  /** The date (`YYYY-MM-DD`) it is in `time_zone`: what "overdue" and "due today" are measured against. */
  today: string;
  time_zone: string;
  counts: TaskStats;
  /** Pending tasks due before today, the longest overdue first; at most `OVERVIEW_LIST_LIMIT`. */
  overdue_tasks: TaskView[];
  /** Pending tasks due today, the most urgent first; at most `OVERVIEW_LIST_LIMIT`. */
  due_today_tasks: TaskView[];
}

/**
 * The stats and the two short lists an assistant opens a conversation with, all measured against one "today"
 * (read once, so the counts and the lists cannot straddle a midnight).
 */
export class TaskOverviewQuery extends Query<TaskOverview> {
  constructor(
    readonly userId: string,
    readonly params: TaskOverviewParams = {},
  ) {
    super();
  }
}

@injectable()
export class TaskOverviewHandler implements QueryHandler<TaskOverviewQuery> {
  readonly queryType = TaskOverviewQuery;

  constructor(
    @inject(TOKENS.TaskReadModel) private readonly tasks: TaskReadModel,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async handle(query: TaskOverviewQuery): Promise<TaskOverview> {
    const owner = UserId.from(query.userId).value;
    const zone = TimeZone.parse(query.params.tz);
    const today = zone.dateAt(this.clock.now());
    const pendingDue = (due: DueDateRange, sort: TaskSortField, order: SortOrder) =>
      this.tasks.list({ ownerId: owner, status: 'pending', sort, order, search: null, priorities: null, due, after: null, limit: OVERVIEW_LIST_LIMIT });
    const [counts, overdue, dueToday] = await Promise.all([
      this.tasks.stats(owner, today),
      pendingDue({ from: DUE_DATE_MIN, to: dayBefore(today) }, 'due_date', 'asc'),
      pendingDue({ from: today, to: today }, 'priority', 'desc'),
    ]);
    return { today, time_zone: zone.name, counts, overdue_tasks: overdue, due_today_tasks: dueToday };
  }
}
