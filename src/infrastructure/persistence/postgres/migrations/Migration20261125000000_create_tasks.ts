import { Migration } from '@mikro-orm/migrations';

/**
 * Tasks and their event log (the outbox). Every index leads with `user_id`: each statement on user data
 * filters by the owner, and every list order is served by an index ending in `id` for keyset paging.
 */
export class Migration20261125000000_create_tasks extends Migration {
  override up(): void {
    this.addSql(`
      create table tasks (
        id uuid primary key,
        user_id varchar(255) not null,
        title varchar(200) not null,
        description varchar(1000) null,
        completed boolean not null default false,
        completed_at timestamptz null,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        version integer not null default 1,
        constraint tasks_title_not_blank check (length(btrim(title)) > 0),
        constraint tasks_completed_at_matches check (completed = (completed_at is not null)),
        constraint tasks_version_positive check (version >= 1)
      )`);
    for (const column of ['created_at', 'updated_at', 'title']) {
      this.addSql(`create index tasks_user_${column}_idx on tasks (user_id, ${column}, id)`);
      this.addSql(`create index tasks_user_completed_${column}_idx on tasks (user_id, completed, ${column}, id)`);
    }

    // One row per user holding the last event sequence number. Taking it with an UPDATE inside the change's
    // transaction orders each user's events exactly as they commit, so a reader paging by `seq` never skips
    // an event that commits late.
    this.addSql(`
      create table task_event_streams (
        user_id varchar(255) primary key,
        last_seq bigint not null
      )`);
    this.addSql(`
      create table task_events (
        user_id varchar(255) not null,
        seq bigint not null,
        type varchar(32) not null,
        task_id uuid not null,
        occurred_at timestamptz not null,
        task jsonb null,
        primary key (user_id, seq)
      )`);
  }

  override down(): void {
    this.addSql('drop table if exists task_events');
    this.addSql('drop table if exists task_event_streams');
    this.addSql('drop table if exists tasks');
  }
}
