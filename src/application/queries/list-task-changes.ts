import { inject, injectable } from 'inversify';
import { UserId } from '../../domain/index.js';
import { assertResumable, TaskChangeCursor, toTaskChange, type Change } from '../changes/task-change.js';
import type { TaskChangeLog } from '../ports/task-change-log.js';
import { Query, type QueryHandler } from '../query-bus.js';
import { TOKENS } from '../tokens.js';
import { pageLimitOf } from './page-limit.js';


export interface ListTaskChangesParams {
  since?: string;
  limit?: number;
}

export interface TaskChangePage {
  changes: Change[];
  /**
   * Where to continue: the id of the last change on this page, or the `since` given (the start of the log
   * when none) when there is nothing new. Never null, so a client can always poll with it.
   */
  next_cursor: string;
  /** True when more changes were already waiting after this page: ask again straight away. */
  has_more: boolean;
}

/** The caller's change log after `since`, oldest first: what an offline client needs to catch up. */
export class ListTaskChangesQuery extends Query<TaskChangePage> {
  constructor(
    readonly userId: string,
    readonly params: ListTaskChangesParams = {},
  ) {
    super();
  }
}

@injectable()
export class ListTaskChangesHandler implements QueryHandler<ListTaskChangesQuery> {
  readonly queryType = ListTaskChangesQuery;

  constructor(@inject(TOKENS.TaskChangeLog) private readonly log: TaskChangeLog) {}

  async handle(query: ListTaskChangesQuery): Promise<TaskChangePage> {
    const owner = UserId.from(query.userId);
    const { since } = query.params;
    const limit = pageLimitOf(query.params.limit);
    const after = since === undefined ? 0 : TaskChangeCursor.decode(since);

    const rows = await this.log.readAfter(owner.value, after, limit + 1);
    // Checked after reading, not before: a purge or compaction that removed part of what was to be read
    // has committed by now, and is seen.
    if (after > 0) assertResumable(after, await this.log.position(owner.value), 'cursor');
    const changes = rows.slice(0, limit).map(toTaskChange);
    return {
      changes,
      next_cursor: changes.at(-1)?.id ?? TaskChangeCursor.encode(after),
      has_more: rows.length > limit,
    };
  }
}
