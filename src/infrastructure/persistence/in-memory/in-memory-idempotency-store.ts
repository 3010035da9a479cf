import { IdempotentRequestInProgressError } from '../../../application/errors.js';
import type { Clock } from '../../../application/ports/clock.js';
import type {
  IdempotencyClaim,
  IdempotencyPolicy,
  IdempotencyReservation,
  IdempotencyStore,
} from '../../../application/ports/idempotency-store.js';
import type { InMemoryRollbacks } from './in-memory-unit-of-work.js';

interface StoredKey {
  fingerprint: string;
  attempt: string;
  createdAt: number;
  completed: boolean;
  /** The answer as JSON, as the SQL store keeps it: a replay is a copy, never the object first returned. */
  response: string | null;
}

/**
 * `IdempotencyStore` in a map, timed by the given clock, for tests and tools without a database. Claims and
 * releases take effect at once; an answer, and an owner's keys forgotten, are undone with the run of
 * `InMemoryUnitOfWork` they were made in if it fails.
 */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  private readonly keys = new Map<string, StoredKey>();

  constructor(
    private readonly clock: Clock,
    private readonly unitOfWork: InMemoryRollbacks,
  ) {}

  get size(): number {
    return this.keys.size;
  }

  async claim(reservation: IdempotencyReservation, policy: IdempotencyPolicy): Promise<IdempotencyClaim> {
    const id = idOf(reservation);
    const now = this.clock.now().getTime();
    const held = this.keys.get(id);
    const expired = held && held.createdAt <= now - policy.ttlSeconds * 1000;
    const stale =
      held && !held.completed && held.fingerprint === reservation.fingerprint && held.createdAt <= now - policy.staleAfterSeconds * 1000;
    if (!held || expired || stale) {
      this.keys.set(id, { fingerprint: reservation.fingerprint, attempt: reservation.attempt, createdAt: now, completed: false, response: null });
      return { state: 'acquired' };
    }
    return held.completed
      ? { state: 'completed', fingerprint: held.fingerprint, response: JSON.parse(held.response ?? 'null') }
      : { state: 'in_flight', fingerprint: held.fingerprint };
  }

  async complete(reservation: IdempotencyReservation, response: unknown): Promise<void> {
    const held = this.keys.get(idOf(reservation));
    if (!held || held.attempt !== reservation.attempt || held.completed) throw new IdempotentRequestInProgressError();
    held.completed = true;
    held.response = JSON.stringify(response ?? null);
    this.unitOfWork.onRollback(() => {
      held.completed = false;
      held.response = null;
    });
  }

  async release(reservation: IdempotencyReservation): Promise<void> {
    const id = idOf(reservation);
    const held = this.keys.get(id);
    if (held && held.attempt === reservation.attempt && !held.completed) this.keys.delete(id);
  }

  /**
   * Forgets every key of the owner, whatever its state (a right-to-erasure request); answers how many. A key
   * comes back if the run fails, unless it was claimed anew meanwhile.
   */
  forgetOwner(ownerId: string): number {
    const forgotten: [string, StoredKey][] = [];
    for (const [id, held] of this.keys) {
      const [keyOwner] = JSON.parse(id) as [string, string];
      if (keyOwner === ownerId) forgotten.push([id, held]);
    }
    for (const [id] of forgotten) this.keys.delete(id);
    this.unitOfWork.onRollback(() => {
      for (const [id, held] of forgotten) if (!this.keys.has(id)) this.keys.set(id, held);
    });
    return forgotten.length;
  }

  async purgeExpired(ttlSeconds: number, limit: number): Promise<number> {
    const cutoff = this.clock.now().getTime() - ttlSeconds * 1000;
    let purged = 0;
    for (const [id, held] of this.keys) {
      if (purged >= limit) break;
      if (held.createdAt < cutoff) {
        this.keys.delete(id);
        purged += 1;
      }
    }
    return purged;
  }
}

function idOf(reservation: IdempotencyReservation): string {
  return JSON.stringify([reservation.ownerId, reservation.key]);
}
