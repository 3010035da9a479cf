import { EntitySchema, type PrimaryKeyProp } from '@mikro-orm/core';

/** Row shape of `idempotency_keys`: one per user and key of `POST /api/tasks`. */
export class IdempotencyKeyRecord {
  declare [PrimaryKeyProp]?: ['userId', 'key'];
  userId!: string;
  key!: string;
  fingerprint!: string;
  attempt!: string;
  createdAt!: Date;
  /** Null while the attempt is still running (or crashed, until it goes stale). */
  completedAt!: Date | null;
  /** The answer, kept as `json` (not `jsonb`) so that a replay is byte-for-byte the first answer. */
  response!: unknown;
}

export const IdempotencyKeyRecordSchema = new EntitySchema<IdempotencyKeyRecord>({
  class: IdempotencyKeyRecord,
  tableName: 'idempotency_keys',
  properties: {
    userId: { type: 'string', length: 255, fieldName: 'user_id', primary: true },
    key: { type: 'string', length: 255, primary: true },
    fingerprint: { type: 'string', length: 64 },
    attempt: { type: 'uuid' },
    createdAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'created_at' },
    completedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true, fieldName: 'completed_at' },
    response: { type: 'json', columnType: 'json', nullable: true },
  },
  indexes: [{ name: 'idempotency_keys_created_at_idx', properties: ['createdAt'] }],
});
