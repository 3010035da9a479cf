import { Migration } from '@mikro-orm/migrations';

/**
 * Compaction removes the old part of a user's change log (CHANGE_RETENTION_DAYS): `compacted_through` is
 * the last `seq` it removed. What the removed part last said about each task still there was carried to the
 * end of the log first, so the log read from its start still rebuilds the task list; a cursor at or below
 * `compacted_through` is refused with 410 ("sync again from the beginning").
 */
export class Migration20261129000000_track_compacted_change_logs extends Migration {
  override up(): void {
    this.addSql('alter table task_event_streams add column compacted_through bigint not null default 0');
  }

  override down(): void {
    this.addSql('alter table task_event_streams drop column compacted_through');
  }
}
