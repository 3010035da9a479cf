import type { MikroORM } from '@mikro-orm/postgresql';
import type {
  TaskListCriteria,
  TaskReadModel,
  TaskStats,
  TaskView,
} from '../../../application/ports/task-read-model.js';
import { TASK_PRIORITIES } from '../../../domain/index.js';
import { withDatabaseAvailability } from './database-errors.js';

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** The priority's name from its stored rank (0 = `none` … 3 = `high`). */
const PRIORITY_NAME = `case priority ${TASK_PRIORITIES.map((name, rank) => `when ${rank} then '${name}'`).join(' ')} end`;

/** Columns already in the wire shape: rows go to the response without loading aggregates. */
export const TASK_VIEW_COLUMNS = `id, user_id, title, description,
  to_char(due_date, 'YYYY-MM-DD') as due_date,
  ${PRIORITY_NAME} as priority,
  completed,
  to_char(completed_at at time zone 'UTC', ${ISO}) as completed_at,
  to_char(created_at at time zone 'UTC', ${ISO}) as created_at,
  to_char(updated_at at time zone 'UTC', ${ISO}) as updated_at,
  version`;

/**
 * Reads tasks straight from SQL. Every statement filters by `user_id` first; listings page by keyset on
 * (sort column, id) so each page costs the same however deep it is, served by the matching index.
 */
export class SqlTaskReadModel implements TaskReadModel {
  constructor(private readonly orm: MikroORM) {}

  findOne(ownerId: string, taskId: string): Promise<TaskView | null> {
    return this.query<TaskView>(`select ${TASK_VIEW_COLUMNS} from tasks where user_id = ? and id = ?`, [ownerId, taskId]).then(
      (rows) => rows[0] ?? null,
    );
  }

  list(criteria: TaskListCriteria): Promise<TaskView[]> {
    const { sql, params } = listTasksStatement(criteria);
    return this.query<TaskView>(sql, params);
  }

  async stats(ownerId: string): Promise<TaskStats> {
    const [row] = await this.query<{ total: number; completed: number }>(
      'select count(*)::int as total, (count(*) filter (where completed))::int as completed from tasks where user_id = ?',
      [ownerId],
    );
    const total = row?.total ?? 0;
    const completed = row?.completed ?? 0;
    return { total, pending: total - completed, completed };
  }

  private query<T>(sql: string, params: unknown[]): Promise<T[]> {
    return withDatabaseAvailability(() => this.orm.em.getConnection().execute<T[]>(sql, params));
  }
}

/**
 * The listing statement. Sort columns are qualified (`t.created_at`): bare names in ORDER BY would bind to the
 * formatted text columns of the select list, forcing a full sort instead of walking the index.
 */
export function listTasksStatement(criteria: TaskListCriteria): { sql: string; params: unknown[] } {
  const conditions = ['t.user_id = ?'];
  const params: unknown[] = [criteria.ownerId];
  if (criteria.status !== 'all') {
    conditions.push('t.completed = ?');
    params.push(criteria.status === 'completed');
  }
  if (criteria.search) {
    const pattern = `%${criteria.search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    conditions.push(`(t.title ilike ? or t.description ilike ?)`);
    params.push(pattern, pattern);
  }
  const column = `t.${criteria.sort}`; // one of three known column names, never caller text
  const direction = criteria.order === 'asc' ? 'asc' : 'desc';
  if (criteria.after) {
    const valueType = criteria.sort === 'title' ? 'varchar' : 'timestamptz';
    conditions.push(`(${column}, t.id) ${direction === 'asc' ? '>' : '<'} (?::${valueType}, ?::uuid)`);
    params.push(criteria.after.value, criteria.after.id);
  }
  params.push(criteria.limit);
  return {
    sql: `select ${TASK_VIEW_COLUMNS} from tasks t where ${conditions.join(' and ')} order by ${column} ${direction}, t.id ${direction} limit ?`,
    params,
  };
}
