import type {
  TaskListCriteria,
  TaskReadModel,
  TaskStats,
  TaskView,
} from '../../../application/ports/task-read-model.js';
import type { Sql, SqlSession } from './sql-session.js';

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** Columns already in the wire shape: rows go to the response without loading aggregates. */
export const TASK_VIEW_COLUMNS = `id, user_id, title, description, completed,
  to_char(completed_at at time zone 'UTC', ${ISO}) as completed_at,
  to_char(created_at at time zone 'UTC', ${ISO}) as created_at,
  to_char(updated_at at time zone 'UTC', ${ISO}) as updated_at,
  version`;

/**
 * Reads tasks straight from SQL. Every statement filters by `user_id` first; listings page by keyset on
 * (sort column, id) so each page costs the same however deep it is, served by the matching index.
 */
export class SqlTaskReadModel implements TaskReadModel {
  constructor(private readonly session: SqlSession) {}

  async findOne(ownerId: string, taskId: string): Promise<TaskView | null> {
    const [row] = await this.session.query<TaskView>({ text: FIND_ONE, values: [ownerId, taskId] });
    return row ?? null;
  }

  list(criteria: TaskListCriteria): Promise<TaskView[]> {
    return this.session.query<TaskView>(listTasksStatement(criteria));
  }

  async stats(ownerId: string): Promise<TaskStats> {
    const [row] = await this.session.query<{ total: number; completed: number }>({ text: STATS, values: [ownerId] });
    const total = row?.total ?? 0;
    const completed = row?.completed ?? 0;
    return { total, pending: total - completed, completed };
  }
}

const FIND_ONE = `select ${TASK_VIEW_COLUMNS} from tasks where user_id = $1 and id = $2`;
const STATS = 'select count(*)::int as total, (count(*) filter (where completed))::int as completed from tasks where user_id = $1';

/**
 * The listing statement. Sort columns are qualified (`t.created_at`): bare names in ORDER BY would bind to the
 * formatted text columns of the select list, forcing a full sort instead of walking the index.
 */
export function listTasksStatement(criteria: TaskListCriteria): Sql {
  const params: unknown[] = [criteria.ownerId];
  const param = (value: unknown) => `$${params.push(value)}`;
  const conditions = ['t.user_id = $1'];
  if (criteria.status !== 'all') conditions.push(`t.completed = ${param(criteria.status === 'completed')}`);
  if (criteria.search) {
    const pattern = param(`%${criteria.search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`);
    conditions.push(`(t.title ilike ${pattern} or t.description ilike ${pattern})`);
  }
  const column = `t.${criteria.sort}`; // one of three known column names, never caller text
  const direction = criteria.order === 'asc' ? 'asc' : 'desc';
  if (criteria.after) {
    const valueType = criteria.sort === 'title' ? 'varchar' : 'timestamptz';
    conditions.push(`(${column}, t.id) ${direction === 'asc' ? '>' : '<'} (${param(criteria.after.value)}::${valueType}, ${param(criteria.after.id)}::uuid)`);
  }
  const limit = param(criteria.limit);
  return {
    text: `select ${TASK_VIEW_COLUMNS} from tasks t where ${conditions.join(' and ')} order by ${column} ${direction}, t.id ${direction} limit ${limit}`,
    values: params,
  };
}
