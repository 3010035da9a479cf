import { Migration } from '@mikro-orm/migrations';

/**
 * Each user's number of tasks, on the row every write of theirs already takes (`task_event_streams`): a
 * create adds one only while the count is below MAX_TASKS_PER_USER, a delete takes one off, a purge sets it
 * to 0 — all inside the change's own statement, so the limit holds exactly under concurrent creates.
 *
 * The backfill counts under the lock this migration holds on `task_event_streams` (writers wait for it). An
 * instance of the previous version still running afterwards does not keep the count: replace them all.
 */
export class Migration20261128000000_count_tasks_per_user extends Migration {
  override up(): void {
    this.addSql('alter table task_event_streams add column task_count integer not null default 0');
    this.addSql(`
      insert into task_event_streams (user_id, last_seq, task_count)
      select user_id, 0, count(*) from tasks group by user_id
      on conflict (user_id) do update set task_count = excluded.task_count`);
  }

  override down(): void {
    this.addSql('alter table task_event_streams drop column task_count');
  }
}
