/** One attempt to run a request under an idempotency key. */
export interface IdempotencyReservation {
  readonly ownerId: string;
  readonly key: string;
  /** Identifies the request: a key may only ever be replayed for the same one. */
  readonly fingerprint: string;
  /** Unique per attempt, so an attempt that lost its claim cannot record an answer. */
  readonly attempt: string;
}

export interface IdempotencyPolicy {
  /** How long an answer is kept for replay; an older key counts as unused. */
  readonly ttlSeconds: number;
  /** How long an unfinished attempt holds its key before another may take it over (the first one crashed). */
  readonly staleAfterSeconds: number;
}

/** What a claim found: the key is ours now, or another attempt holds it (still running, or done). */
export type IdempotencyClaim =
  | { readonly state: 'acquired' }
  | { readonly state: 'in_flight'; readonly fingerprint: string }
  | { readonly state: 'completed'; readonly fingerprint: string; readonly response: unknown };

/**
 * Keys and the answers given under them, per owner, shared by every instance and surviving restarts.
 * `claim`, `release` and `purgeExpired` take effect at once, outside any unit of work, so concurrent
 * requests see each other's claims; `complete` joins the caller's unit of work, so the answer is recorded
 * if and only if the change it describes commits.
 */
export interface IdempotencyStore {
  /**
   * Claims the key for this attempt if it is unused, expired, or held by a stale unfinished attempt for the
   * same request; otherwise reports what holds it.
   */
  claim(reservation: IdempotencyReservation, policy: IdempotencyPolicy): Promise<IdempotencyClaim>;

  /**
   * Records the answer if this attempt still holds the key. When another attempt took it over, the unit of
   * work fails with `IdempotentRequestInProgressError` (at the latest when it commits) and nothing of it stays.
   */
  complete(reservation: IdempotencyReservation, response: unknown): Promise<void>;

  /** Frees the key after this attempt failed, so that a retry runs the request again. */
  release(reservation: IdempotencyReservation): Promise<void>;

  /** Forgets up to `limit` keys older than `ttlSeconds`; answers how many. */
  purgeExpired(ttlSeconds: number, limit: number): Promise<number>;
}
