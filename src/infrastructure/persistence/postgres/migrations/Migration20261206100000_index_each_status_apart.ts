import { Migration } from '@mikro-orm/migrations';

/** Each listing order's indexes: the name's part and the key (as in Migration20261125000000, 20261128000000, 20261206000000). */
const ORDERS: Record<string, string> = {
  created_at: 'created_at',
  updated_at: 'updated_at',
  title: 'title',
  priority: 'priority',
  due_asc: `coalesce(due_date, 'infinity'::date)`,
  due_desc: `coalesce(due_date, '-infinity'::date)`,
};

/**
 * Every task is in one index per listing order, not two. Each order had an index of all tasks
 * (`tasks_user_*_idx`) and one of the pending tasks (`tasks_user_pending_*_idx`), so a pending task — every new
 * one — was written into twelve and every change to it (`updated_at` is indexed: never a HOT update) wrote twelve
 * entries again. The index of all tasks becomes one of the completed tasks alone (`tasks_user_done_*_idx`,
 * `where completed`): a task is in the pending or the done index of each order, and a create or a change writes six
 * entries fewer. A listing of one status walks its own index, as the pending one did; a listing of every status
 * merges the two walks in order (`listTasksStatement`) and still reads only its page.
 *
 * The planner took its estimates of the due-date keys from the index of all tasks (it does not use a partial
 * index's): statistics on each key (`tasks_due_asc_stats`, `tasks_due_desc_stats`) keep them, so that counting the
 * overdue tasks still reads their index range and not the owner's every row.
 */
export class Migration20261206100000_index_each_status_apart extends Migration {
  override up(): void {
    for (const [name, key] of Object.entries(ORDERS)) {
      this.addSql(`create index tasks_user_done_${name}_idx on tasks (user_id, (${key}), id) where completed`);
      this.addSql(`drop index tasks_user_${name}_idx`);
    }
    for (const name of ['due_asc', 'due_desc']) this.addSql(`create statistics tasks_${name}_stats on (${ORDERS[name]}) from tasks`);
  }

  override down(): void {
    for (const name of ['due_asc', 'due_desc']) this.addSql(`drop statistics tasks_${name}_stats`);
    for (const [name, key] of Object.entries(ORDERS)) {
      this.addSql(`create index tasks_user_${name}_idx on tasks (user_id, (${key}), id)`);
      this.addSql(`drop index tasks_user_done_${name}_idx`);
    }
  }
}
