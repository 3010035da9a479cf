import { Migration } from '@mikro-orm/migrations';

/**
 * Due dates and priorities. Existing tasks get no due date and priority 0 (`none`); a constant default
 * costs no table rewrite. The priority is a rank, 0 (`none`) to 3 (`high`), so that it sorts by urgency.
 *
 * Indexes, each leading with `user_id` and ending in `id` for keyset paging, with a `completed` variant
 * for the status filter as the other sorts have:
 * - priority: `(user_id, priority, id)`, walked forwards or backwards;
 * - due date: tasks without one come last in both orders, so each order has its own sort key that is never
 *   null — `coalesce(due_date, 'infinity')` ascending, `coalesce(due_date, '-infinity')` descending — which
 *   keeps the keyset a plain row comparison. The due-date filters are ranges on the same keys.
 *   The listing statement (postgres-task-read-model.ts) must use exactly these expressions.
 */
export class Migration20261128000000_add_due_dates_and_priorities extends Migration {
  override up(): void {
    this.addSql(`
      alter table tasks
        add column due_date date null,
        add column priority smallint not null default 0,
        add constraint tasks_due_date_in_range check (due_date between date '1900-01-01' and date '9999-12-31'),
        add constraint tasks_priority_known check (priority between 0 and 3)`);
    const sortKeys = {
      priority: 'priority',
      due_asc: `coalesce(due_date, 'infinity'::date)`,
      due_desc: `coalesce(due_date, '-infinity'::date)`,
    };
    for (const [name, key] of Object.entries(sortKeys)) {
      this.addSql(`create index tasks_user_${name}_idx on tasks (user_id, (${key}), id)`);
      this.addSql(`create index tasks_user_completed_${name}_idx on tasks (user_id, completed, (${key}), id)`);
    }
  }

  override down(): void {
    for (const name of ['priority', 'due_asc', 'due_desc']) {
      this.addSql(`drop index if exists tasks_user_${name}_idx`);
      this.addSql(`drop index if exists tasks_user_completed_${name}_idx`);
    }
    this.addSql('alter table tasks drop column priority, drop column due_date');
  }
}
