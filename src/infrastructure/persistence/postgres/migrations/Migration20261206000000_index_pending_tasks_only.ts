import { Migration } from '@mikro-orm/migrations';

/** Each listing order's status-filter index: its name and key (as in Migration20261125000000 and 20261128000000). */
const ORDERS: Record<string, string> = {
  created_at: 'created_at',
  updated_at: 'updated_at',
  title: 'title',
  priority: 'priority',
  due_asc: `coalesce(due_date, 'infinity'::date)`,
  due_desc: `coalesce(due_date, '-infinity'::date)`,
};

/**
 * The status filter's indexes hold the pending tasks alone. Each listing order had a second index led by
 * `(user_id, completed)`, which every task entered on every change: completing a task changes `completed` and
 * `updated_at`, so it is never a HOT update and wrote a new entry into all six. Now `tasks_user_pending_*_idx`
 * (`where not completed`) serve the pending listings — what a task app shows most — exactly as before, and a
 * completed task leaves them: a completion writes six index entries fewer. The completed listings walk the
 * order's own index (`tasks_user_*_idx`) and skip the pending tasks on the way.
 *
 * The listing statement names `not t.completed` / `t.completed` as text, not as a parameter: a generic plan can
 * use a partial index only when the statement itself implies its predicate.
 */
export class Migration20261206000000_index_pending_tasks_only extends Migration {
  override up(): void {
    for (const [name, key] of Object.entries(ORDERS)) {
      this.addSql(`create index tasks_user_pending_${name}_idx on tasks (user_id, (${key}), id) where not completed`);
      this.addSql(`drop index tasks_user_completed_${name}_idx`);
    }
  }

  override down(): void {
    for (const [name, key] of Object.entries(ORDERS)) {
      this.addSql(`create index tasks_user_completed_${name}_idx on tasks (user_id, completed, (${key}), id)`);
      this.addSql(`drop index tasks_user_pending_${name}_idx`);
    }
  }
}
