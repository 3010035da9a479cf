import { Migration } from '@mikro-orm/migrations';

/**
 * Repeating tasks. `repeat` holds the task's rule, an RFC 5545 RRULE in the one spelling `TaskRepeat` writes (the
 * domain reads and writes it; the database only keeps it), or null; `repeat_from` what its next due date is counted
 * from when it is completed, `due` or `completion`. A rule needs a due date to count from: a check keeps the two
 * together, as the domain does.
 *
 * `tasks_user_repeating_idx` holds the repeating tasks alone (most tasks do not repeat, and their writes cost the
 * index nothing), so that `repeating=true` reads only them, in due-date order.
 *
 * Existing tasks do not repeat, and their events need no rewrite: an event without `repeat` reads as not repeating.
 */
export class Migration20261205600000_add_task_repeats extends Migration {
  override up(): void {
    this.addSql(`alter table tasks add column repeat text null, add column repeat_from text not null default 'due',
      add constraint tasks_repeat_from_check check (repeat_from in ('due', 'completion')),
      add constraint tasks_repeat_needs_due_date check (repeat is null or due_date is not null)`);
    this.addSql(`create index tasks_user_repeating_idx on tasks (user_id, due_date, id) where repeat is not null`);
  }

  override down(): void {
    this.addSql('drop index if exists tasks_user_repeating_idx');
    this.addSql('alter table tasks drop column repeat_from, drop column repeat');
  }
}
