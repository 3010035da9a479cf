import type {
  IdempotencyClaim,
  IdempotencyPolicy,
  IdempotencyReservation,
  IdempotencyStore,
} from '../../../application/ports/idempotency-store.js';
import { IdempotentRequestInProgressError } from '../../../application/errors.js';
import type { SqlScope } from './write-path/sql-session.js';

const CLAIM_ATTEMPTS = 3;

/**
 * Idempotency keys in PostgreSQL, timed by the database's clock so every instance agrees on what has
 * expired or gone stale. A claim is one upsert: it inserts the key, or takes over an expired key or a
 * stale unfinished attempt at the same request; when it does neither, the key's holder is read back.
 */
export class PostgresIdempotencyStore implements IdempotencyStore {
  constructor(private readonly session: SqlScope) {}

  /** This store inside one unit of work: an answer it records commits with the unit. */
  within(unit: SqlScope): PostgresIdempotencyStore {
    return new PostgresIdempotencyStore(unit);
  }

  async claim(reservation: IdempotencyReservation, policy: IdempotencyPolicy): Promise<IdempotencyClaim> {
    const { ownerId, key, fingerprint, attempt } = reservation;
    for (let round = 0; round < CLAIM_ATTEMPTS; round++) {
      const claimed = await this.autocommit(
        `insert into idempotency_keys as k (user_id, key, fingerprint, attempt, created_at)
         values ($1, $2, $3, $4, clock_timestamp())
         on conflict (user_id, key) do update
           set fingerprint = excluded.fingerprint, attempt = excluded.attempt, created_at = excluded.created_at,
               completed_at = null, response = null
           where k.created_at <= excluded.created_at - $5::int * interval '1 second'
              or (k.completed_at is null and k.fingerprint = excluded.fingerprint
                  and k.created_at <= excluded.created_at - $6::int * interval '1 second')
         returning attempt`,
        [ownerId, key, fingerprint, attempt, policy.ttlSeconds, policy.staleAfterSeconds],
      );
      if (claimed.length > 0) return { state: 'acquired' };

      const [holder] = await this.autocommit<{ fingerprint: string; completed: boolean; response: unknown }>(
        `select fingerprint, completed_at is not null as completed, response from idempotency_keys where user_id = $1 and key = $2`,
        [ownerId, key],
      );
      if (holder) {
        return holder.completed
          ? { state: 'completed', fingerprint: holder.fingerprint, response: holder.response }
          : { state: 'in_flight', fingerprint: holder.fingerprint };
      }
      // The holder gave the key up between our two statements: try again.
    }
    return { state: 'in_flight', fingerprint };
  }

  async complete(reservation: IdempotencyReservation, response: unknown): Promise<void> {
    // A write of the unit of work: the answer commits with the change, or neither does.
    await this.session.queue({
      sql: {
        text: `update idempotency_keys set completed_at = clock_timestamp(), response = $1::json
         where user_id = $2 and key = $3 and attempt = $4 and completed_at is null
         returning 1`,
        values: [JSON.stringify(response ?? null), reservation.ownerId, reservation.key, reservation.attempt],
      },
      verify: (rows) => {
        if (rows.length !== 1) throw new IdempotentRequestInProgressError();
      },
    });
  }

  async release(reservation: IdempotencyReservation): Promise<void> {
    await this.autocommit(
      'delete from idempotency_keys where user_id = $1 and key = $2 and attempt = $3 and completed_at is null',
      [reservation.ownerId, reservation.key, reservation.attempt],
    );
  }

  async purgeExpired(ttlSeconds: number, limit: number): Promise<number> {
    const purged = await this.autocommit(
      `delete from idempotency_keys where ctid in (
         select ctid from idempotency_keys where created_at < clock_timestamp() - $1::int * interval '1 second' limit $2)
       returning 1`,
      [ttlSeconds, limit],
    );
    return purged.length;
  }

  /** On a pooled connection of its own, never inside a caller's transaction: others must see it at once. */
  private autocommit<T = unknown>(sql: string, params: unknown[]): Promise<T[]> {
    return this.session.autocommit<T>({ text: sql, values: params });
  }
}
