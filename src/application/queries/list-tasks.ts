import { inject, injectable } from 'inversify';
import {
  ListId,
  ListNotFoundError,
  DUE_DATE_MAX,
  DUE_DATE_MIN,
  hasUnstorableCharacters,
  LabelName,
  MAX_LABELS_PER_TASK,
  TASK_PRIORITIES,
  TaskDueDate,
  TaskId,
  TaskPriority,
  UserId,
  type TaskPriorityName,
} from '../../domain/index.js';
import { INBOX_ALIAS } from '../commands/owned-list.js';
import { InvalidQueryError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { TaskListReadModel } from '../ports/task-list-read-model.js';
import type {
  DueDateRange,
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
import { dayBefore, TimeZone } from './time-zone.js';

export const TASK_STATUS_FILTERS = ['all', 'pending', 'completed'] as const;
export const TASK_SORT_FIELDS = ['created_at', 'updated_at', 'title', 'due_date', 'priority', 'position'] as const;
export const SORT_ORDERS = ['asc', 'desc'] as const;
export const SEARCH_MAX_LENGTH = 200;
/** What a listing is when the caller names no status filter and no sort. */
export const LIST_DEFAULTS = { status: 'all', sort: 'created_at' } as const satisfies { status: TaskStatusFilter; sort: TaskSortField };

// The rules' own words, for every door a listing comes through (the HTTP schema reuses them).
export const STATUS_FILTER_MESSAGE = "Invalid status filter: must be 'pending', 'completed', or 'all'";
export const ORDER_MESSAGE = "Invalid order: must be 'asc' or 'desc'";
export const SEARCH_MESSAGE = `Invalid q: must be plain text of at most ${SEARCH_MAX_LENGTH} characters`;
export const SORT_MESSAGE = "Invalid sort: must be 'created_at', 'updated_at', 'title', 'due_date', 'priority', or 'position'";
export const PARENT_FILTER_MESSAGE = 'Invalid parent_id: must be a task id';
export const TOP_LEVEL_MESSAGE = 'Invalid top_level: parent_id already names the level; ask for one or the other';
export const PRIORITY_FILTER_MESSAGE = `Invalid priority: must be one or more of ${TASK_PRIORITIES.join(', ')}, separated by commas`;
export const LABEL_FILTER_MESSAGE =
  `Invalid label: must be one label name or up to ${MAX_LABELS_PER_TASK} separated by commas, each 1-50 characters of plain text`;
export const dueDateFilterMessage = (parameter: 'due_before' | 'due_after') =>
  `Invalid ${parameter}: must be a date written YYYY-MM-DD, from ${DUE_DATE_MIN} to ${DUE_DATE_MAX}`;

/** The order a sort takes when none is asked for: the most useful end first. */
export function defaultOrderOf(sort: TaskSortField): SortOrder {
  // Titles A to Z, the soonest due first, manual order from the top; the newest, the most recently changed and the
  // most urgent first.
  return sort === 'title' || sort === 'due_date' || sort === 'position' ? 'asc' : 'desc';
}

export interface ListTasksParams {
  status?: string;
  sort?: string;
  order?: string;
  q?: string;
  /** One priority, or several separated by commas. */
  priority?: string;
  /** One label name, or several separated by commas: tasks with any of them, in any case. */
  label?: string;
  /** Due on or before this day (`YYYY-MM-DD`). */
  due_before?: string;
  /** Due on or after this day (`YYYY-MM-DD`). */
  due_after?: string;
  /** Only tasks not completed and due before today, today being the date in `tz`. */
  overdue?: boolean;
  /** IANA time zone name; UTC when absent. */
  tz?: string;
  /** Only the subtasks of this task. */
  parent_id?: string;
  /** Only tasks on the top level (without a parent). */
  top_level?: boolean;
  /** Only the tasks of this list of the caller's: a list id, or `inbox`. */
  list_id?: string;
  /** Only tasks that repeat (true) or that do not (false). */
  repeating?: boolean;
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

  constructor(
    @inject(TOKENS.TaskReadModel) private readonly tasks: TaskReadModel,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.TaskListReadModel) private readonly lists: TaskListReadModel,
  ) {}

  async handle(query: ListTasksQuery): Promise<TaskPage> {
    const owner = UserId.from(query.userId);
    const { status = LIST_DEFAULTS.status, sort = LIST_DEFAULTS.sort, q, cursor } = query.params;
    if (!isOneOf(TASK_STATUS_FILTERS, status)) throw new InvalidQueryError(STATUS_FILTER_MESSAGE);
    if (!isOneOf(TASK_SORT_FIELDS, sort)) throw new InvalidQueryError(SORT_MESSAGE);
    const order = query.params.order ?? defaultOrderOf(sort);
    if (!isOneOf(SORT_ORDERS, order)) throw new InvalidQueryError(ORDER_MESSAGE);
    const limit = pageLimitOf(query.params.limit);
    const search = q?.trim() ? q.trim() : null;
    if (search && (search.length > SEARCH_MAX_LENGTH || hasUnstorableCharacters(search))) throw new InvalidQueryError(SEARCH_MESSAGE);
    const priorities = query.params.priority === undefined ? null : parsePriorityFilter(query.params.priority);
    const labels = query.params.label === undefined ? null : parseLabelFilter(query.params.label);
    const zone = TimeZone.parse(query.params.tz);
    const dueAfter = parseDueDateFilter('due_after', query.params.due_after);
    let dueBefore = parseDueDateFilter('due_before', query.params.due_before);
    const parentId = parseParentFilter(query.params.parent_id, query.params.top_level);
    const listId = parseListFilter(query.params.list_id);
    const after = cursor ? TaskListCursor.decode(cursor, sort, order) : null;
    let effectiveStatus: TaskStatusFilter = status;
    // A completed task is never overdue: nothing to read, though a list named must still be the caller's.
    const noneCanMatch = query.params.overdue === true && status === 'completed';
    if (query.params.overdue) {
      // Overdue: not completed, and due before the day it is for the user.
      effectiveStatus = 'pending';
      const yesterday = dayBefore(zone.dateAt(this.clock.now()));
      dueBefore = dueBefore === null || yesterday < dueBefore ? yesterday : dueBefore;
    }
    const due: DueDateRange | null =
      dueAfter === null && dueBefore === null ? null : { from: dueAfter ?? DUE_DATE_MIN, to: dueBefore ?? DUE_DATE_MAX };

    const rows = noneCanMatch ? [] : await this.tasks.list({
      ownerId: owner.value,
      status: effectiveStatus,
      sort,
      order,
      search,
      priorities,
      due,
      labels,
      ...(parentId !== undefined && { parentId }),
      ...(listId !== undefined && { listId }),
      ...(query.params.repeating !== undefined && { repeating: query.params.repeating }),
      after,
      limit: limit + 1,
    });
    // Only an empty page may be a list that is not the caller's: asked then, the usual listing costs no extra read.
    if (rows.length === 0 && listId !== undefined && listId !== INBOX_ALIAS && !(await this.lists.findOne(owner.value, listId))) {
      throw new ListNotFoundError();
    }
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    const next_cursor =
      rows.length > limit && last ? TaskListCursor.encode(sort, order, { value: last[sort], id: last.id }) : null;
    return { items, next_cursor };
  }
}

/**
 * The level a listing keeps: a task's subtasks (`parent_id`, its id in any case), the top level (`top_level`), or every
 * level (undefined). A malformed id is `InvalidQueryError`; another user's, like a missing one, simply has no subtasks.
 */
export function parseParentFilter(parentId: string | undefined, topLevel: boolean | undefined): string | null | undefined {
  if (parentId !== undefined && topLevel) throw new InvalidQueryError(TOP_LEVEL_MESSAGE);
  if (topLevel) return null;
  if (parentId === undefined) return undefined;
  const id = TaskId.tryParse(parentId);
  if (!id) throw new InvalidQueryError(PARENT_FILTER_MESSAGE);
  return id.value;
}

/**
 * The list a listing keeps: a list id (lower case) or `inbox`; undefined for every list. A malformed id names no list
 * of the caller's: `ListNotFoundError`, as a missing or foreign one is once the listing finds nothing.
 */
export function parseListFilter(listId: string | undefined): string | undefined {
  if (listId === undefined || listId === INBOX_ALIAS) return listId;
  const id = ListId.tryParse(listId);
  if (!id) throw new ListNotFoundError();
  return id.value;
}

/** `high` or `high,medium`: the priorities named, each once, or `InvalidQueryError`. */
export function parsePriorityFilter(raw: string): TaskPriorityName[] {
  const priorities = tryParsePriorityFilter(raw);
  if (!priorities) throw new InvalidQueryError(PRIORITY_FILTER_MESSAGE);
  return priorities;
}

export function tryParsePriorityFilter(raw: string): TaskPriorityName[] | null {
  const names = raw.split(',').map((name) => TaskPriority.tryParse(name.trim())?.value ?? null);
  return names.some((name) => name === null) ? null : [...new Set(names as TaskPriorityName[])];
}

/** `work` or `work,Home`: the keys of the labels named, each once, or `InvalidQueryError`. */
export function parseLabelFilter(raw: string): string[] {
  const keys = tryParseLabelFilter(raw);
  if (!keys) throw new InvalidQueryError(LABEL_FILTER_MESSAGE);
  return keys;
}

export function tryParseLabelFilter(raw: string): string[] | null {
  const names = raw.split(',').map((name) => LabelName.tryFrom(name));
  if (names.some((name) => typeof name === 'string')) return null;
  const keys = [...new Set((names as LabelName[]).map((name) => name.key))];
  return keys.length > MAX_LABELS_PER_TASK ? null : keys;
}

/** A `due_before`/`due_after` day, null when absent, or `InvalidQueryError` naming the parameter. */
export function parseDueDateFilter(parameter: 'due_before' | 'due_after', raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const date = TaskDueDate.tryParse(raw);
  if (!date) throw new InvalidQueryError(dueDateFilterMessage(parameter));
  return date.value;
}

function isOneOf<T extends string>(allowed: readonly T[], value: string): value is T {
  return (allowed as readonly string[]).includes(value);
}
