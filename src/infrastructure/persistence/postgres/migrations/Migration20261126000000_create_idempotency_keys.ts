import { Migration } from '@mikro-orm/migrations';

/**
 * Idempotency keys of `POST /api/tasks`, per user. A row with `completed_at` null is an attempt still running
 * (or one that crashed, until it goes stale); `response` is the answer, kept as `json` so a replay is
 * byte-for-byte the first answer. `created_at` drives expiry and its index lets old rows be purged cheaply.
 */
export class Migration20261126000000_create_idempotency_keys extends Migration {
  override up(): void {
    this.addSql(`
      create table idempotency_keys (
        user_id varchar(255) not null,
        key varchar(255) not null,
        fingerprint varchar(64) not null,
        attempt uuid not null,
        created_at timestamptz not null,
        completed_at timestamptz null,
        response json null,
        primary key (user_id, key)
      )`);
    this.addSql('create index idempotency_keys_created_at_idx on idempotency_keys (created_at)');
  }

  override down(): void {
    this.addSql('drop table if exists idempotency_keys');
  }
}
