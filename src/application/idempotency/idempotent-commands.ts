import { createHash, randomUUID } from 'node:crypto';
import { inject, injectable } from 'inversify';
import { UserId } from '../../domain/index.js';
import type { Command, CommandBus } from '../command-bus.js';
import { IdempotencyKeyReusedError, IdempotentRequestInProgressError, InvalidIdempotencyKeyError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { IdempotencyPolicy, IdempotencyReservation, IdempotencyStore } from '../ports/idempotency-store.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';
import { TOKENS } from '../tokens.js';

export const IDEMPOTENCY_POLICY: IdempotencyPolicy = {
  ttlSeconds: 24 * 60 * 60,
  // Far beyond any request's life (the server gives up on a request after 30 s); only a crash leaves one this old.
  staleAfterSeconds: 60,
};

const PURGE_INTERVAL_MS = 10 * 60 * 1000;
const PURGE_BATCH = 1000;
const MAX_PURGE_BATCHES = 1000;
// Visible ASCII and space: what every client can send in a header and every log can show.
const IDEMPOTENCY_KEY = /^[\x20-\x7e]{1,255}$/;

/** The key as given, or `InvalidIdempotencyKeyError`. */
export function parseIdempotencyKey(raw: string): string {
  if (!IDEMPOTENCY_KEY.test(raw)) {
    throw new InvalidIdempotencyKeyError('Invalid Idempotency-Key: must be 1-255 printable ASCII characters');
  }
  return raw;
}

export interface IdempotentOutcome<R> {
  readonly result: R;
  /** True when this is the answer of an earlier request with the same key, and nothing was done now. */
  readonly replayed: boolean;
}

/**
 * Runs a command at most once per (user, idempotency key). The first request claims the key, runs the
 * command and records its answer in the command's own transaction, so the answer exists exactly when the
 * change does. A repeat with the same command gets that answer again; one with a different command is
 * refused; one while the first is still running is told to retry. A failed attempt frees the key; one that
 * crashed holds it only until it goes stale. Keys are forgotten after 24 hours.
 */
@injectable()
export class IdempotentCommands {
  private nextPurgeAt = 0;

  constructor(
    @inject(TOKENS.CommandBus) private readonly commands: CommandBus,
    @inject(TOKENS.UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @inject(TOKENS.IdempotencyStore) private readonly store: IdempotencyStore,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async execute<R>(userId: string, idempotencyKey: string, command: Command<R>): Promise<IdempotentOutcome<R>> {
    const reservation: IdempotencyReservation = {
      ownerId: UserId.from(userId).value,
      key: parseIdempotencyKey(idempotencyKey),
      fingerprint: fingerprintOf(command),
      attempt: randomUUID(),
    };
    const claim = await this.store.claim(reservation, IDEMPOTENCY_POLICY);
    this.purgeNowAndThen();
    if (claim.state !== 'acquired') {
      if (claim.fingerprint !== reservation.fingerprint) throw new IdempotencyKeyReusedError();
      if (claim.state === 'in_flight') throw new IdempotentRequestInProgressError();
      return { result: claim.response as R, replayed: true };
    }

    try {
      const result = await this.unitOfWork.run(async (stores) => {
        const result = await this.commands.executeIn(stores, command);
        // If our claim went stale and another attempt took the key over, this undoes ours: theirs is the answer.
        await stores.idempotency.complete(reservation, result);
        return result;
      });
      return { result, replayed: false };
    } catch (error) {
      // If even this fails, the claim goes stale and frees the key on its own.
      await this.store.release(reservation).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Old keys are cleared at most every few minutes per instance, off the request's path, a batch at a time
   * until a batch comes back short — so clearing keeps up however many keys a busy day creates.
   */
  private purgeNowAndThen(): void {
    const now = this.clock.now().getTime();
    if (now < this.nextPurgeAt) return;
    this.nextPurgeAt = now + PURGE_INTERVAL_MS;
    const purgeBatches = async () => {
      for (let batch = 0; batch < MAX_PURGE_BATCHES; batch++) {
        if ((await this.store.purgeExpired(IDEMPOTENCY_POLICY.ttlSeconds, PURGE_BATCH)) < PURGE_BATCH) return;
      }
    };
    void purgeBatches().catch(() => undefined);
  }
}

/** Which command with which input: the command's type and its fields, hashed. */
function fingerprintOf(command: Command<unknown>): string {
  return createHash('sha256').update(`${command.constructor.name}\n${JSON.stringify(command)}`).digest('hex');
}
