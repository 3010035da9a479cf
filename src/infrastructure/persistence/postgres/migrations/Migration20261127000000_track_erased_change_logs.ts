import { Migration } from '@mikro-orm/migrations';

/**
 * A purge erases a user's events but keeps counting their changes: `erased_through` is the last `seq` that
 * was erased. Sync cursors at or below it are refused with "sync again", instead of silently skipping the
 * changes numbered after the purge or keeping the erased tasks on the client's device.
 */
export class Migration20261127000000_track_erased_change_logs extends Migration {
  override up(): void {
    this.addSql('alter table task_event_streams add column erased_through bigint not null default 0');
  }

  override down(): void {
    this.addSql('alter table task_event_streams drop column erased_through');
  }
}
