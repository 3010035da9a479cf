import { inject, injectable } from 'inversify';
import { hasUnstorableCharacters, UserId } from '../../domain/index.js';
import { InvalidQueryError } from '../errors.js';
import type {
  SortOrder,
  TaskReadModel,
  TaskSortField,
  TaskStatusFilter,
  TaskView,
} from '../ports/task-read-model.js';
import { Query, type QueryHandler } from '../query-bus.js';
import { TOKENS } from '../tokens.js';
import { pageLimitOf } from './page-limit.js';
import { TaskListCursor } from './task-list-cursor.js';

export const TASK_STATUS_FILTERS = ['all', 'pending', 'completed'] as const;
export const TASK_SORT_FIELDS = ['created_at', 'updated_at', 'title'] as const;
export const SORT_ORDERS = ['asc', 'desc'] as const;
export const SEARCH_MAX_LENGTH = 200;

export interface ListTasksParams {
  status?: string;
  sort?: string;
  order?: string;
  q?: string;
  limit?: number;
  cursor?: string;
}

export interface TaskPage {
  items: TaskView[];
  next_cursor: string | null;
}

/** Parameters arrive unchecked (HTTP query string, CLI flags); the handler validates them once for both. */
export class ListTasksQuery extends Query<TaskPage> {
  constructor(
    readonly userId: string,
    readonly params: ListTasksParams = {},
  ) {
    super();
  }
}

@injectable()
export class ListTasksHandler implements QueryHandler<ListTasksQuery> {
  readonly queryType = ListTasksQuery;

  constructor(@inject(TOKENS.TaskReadModel) private readonly tasks: TaskReadModel) {}

  async handle(query: ListTasksQuery): Promise<TaskPage> {
    const owner = UserId.from(query.userId);
    const { status = 'all', sort = 'created_at', q, cursor } = query.params;
    if (!isOneOf(TASK_STATUS_FILTERS, status)) {
      throw new InvalidQueryError("Invalid status filter: must be 'pending', 'completed', or 'all'");
    }
    if (!isOneOf(TASK_SORT_FIELDS, sort)) {
      throw new InvalidQueryError("Invalid sort: must be 'created_at', 'updated_at', or 'title'");
    }
    const order = query.params.order ?? (sort === 'title' ? 'asc' : 'desc');
    if (!isOneOf(SORT_ORDERS, order)) throw new InvalidQueryError("Invalid order: must be 'asc' or 'desc'");
    const limit = pageLimitOf(query.params.limit);
    const search = q?.trim() ? q.trim() : null;
    if (search && (search.length > SEARCH_MAX_LENGTH || hasUnstorableCharacters(search))) {
      throw new InvalidQueryError(`Invalid q: must be plain text of at most ${SEARCH_MAX_LENGTH} characters`);
    }

    const rows = await this.tasks.list({
      ownerId: owner.value,
      status: status as TaskStatusFilter,
      sort: sort as TaskSortField,
      order: order as SortOrder,
      search,
      after: cursor ? TaskListCursor.decode(cursor, sort, order) : null,
      limit: limit + 1,
    });
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    const next_cursor =
      rows.length > limit && last ? TaskListCursor.encode(sort, order, { value: last[sort], id: last.id }) : null;
    return { items, next_cursor };
  }
}

function isOneOf<T extends string>(allowed: readonly T[], value: string): value is T {
  return (allowed as readonly string[]).includes(value);
}
