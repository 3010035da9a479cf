import type {
  TaskAdminReadModel,
  UserDataFootprint,
  UserListsAndTasks,
  UserTaskStats,
} from '../../../application/ports/task-admin-read-model.js';
import type { TaskView } from '../../../application/ports/task-read-model.js';
import { isoTimestamp } from './sql-timestamp.js';
import type { SqlSession } from './write-path/sql-session.js';
import { TASK_VIEW_COLUMNS } from './postgres-task-read-model.js';

const LIST_VIEW_COLUMNS = `id, name, is_inbox, position,
  ${isoTimestamp('created_at')} as created_at, ${isoTimestamp('updated_at')} as updated_at, version`;

/**
 * The owner's lists and tasks as two JSON arrays of one statement, so both come from the same snapshot: a list
 * created or deleted meanwhile is either in both or in neither. Each row is the same wire shape the other reads give.
 */
const LISTS_AND_TASKS = `select
  (select coalesce(json_agg(v order by l.position, l.id), '[]'::json)
     from task_lists l cross join lateral (select ${LIST_VIEW_COLUMNS}) v where l.user_id = $1) as lists,
  (select coalesce(json_agg(v order by t.created_at, t.id), '[]'::json)
     from tasks t cross join lateral (select ${TASK_VIEW_COLUMNS}) v where t.user_id = $1) as tasks`;

/**
 * The operators' reads, straight from SQL. Each filters by `user_id`, except `statsByUser()` for everyone,
 * which counts every owner's tasks by design and returns nothing but counts.
 */
export class PostgresTaskAdminReadModel implements TaskAdminReadModel {
  constructor(private readonly session: SqlSession) {}

  async statsByUser(ownerId?: string): Promise<UserTaskStats[]> {
    const rows = await this.query<{ user_id: string; total: number; completed: number }>(
      `select user_id, count(*)::int as total, (count(*) filter (where completed))::int as completed
       from tasks ${ownerId === undefined ? '' : 'where user_id = $1'} group by user_id order by user_id`,
      ownerId === undefined ? [] : [ownerId],
    );
    return rows.map(({ user_id, total, completed }) => ({ user_id, total, pending: total - completed, completed }));
  }

  allTasksOf(ownerId: string): Promise<TaskView[]> {
    return this.query<TaskView>(`select ${TASK_VIEW_COLUMNS} from tasks t where user_id = $1 order by t.created_at, t.id`, [ownerId]);
  }

  async listsAndTasksOf(ownerId: string): Promise<UserListsAndTasks> {
    const [row] = await this.query<UserListsAndTasks>(LISTS_AND_TASKS, [ownerId]);
    return { lists: row?.lists ?? [], tasks: row?.tasks ?? [] };
  }

  async footprint(ownerId: string): Promise<UserDataFootprint> {
    // One statement, so the counts come from the same snapshot. The owner's lists are counted on their stream
    // row, by the same statements that write them.
    const [row] = await this.query<UserDataFootprint>(
      `select (select count(*) from tasks where user_id = $1)::int as tasks,
              coalesce((select list_count from task_event_streams where user_id = $1), 0)::int as lists,
              (select count(*) from task_events where user_id = $1)::int as events`,
      [ownerId],
    );
    return { tasks: row?.tasks ?? 0, lists: row?.lists ?? 0, events: row?.events ?? 0 };
  }

  private query<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.session.query<T>({ text: sql, values: params });
  }
}
