import { randomFillSync } from 'node:crypto';
import { injectable } from 'inversify';
import { v7 as uuidv7 } from 'uuid';
import type { IdGenerator } from '../../application/ports/id-generator.js';
import { ListId, TaskId } from '../../domain/index.js';

/** Ids drawn per refill of the random pool: one system call for this many ids instead of one per id. */
const IDS_PER_REFILL = 256;
const RANDOM_BYTES_PER_ID = 16;

/**
 * UUIDv7: time-ordered for index locality, with 74 random bits so ids cannot be guessed or counted.
 *
 * The `uuid` package lays out the bytes. Its random bytes come from a pool this generator refills from the system's
 * cryptographic generator 4 KiB at a time (the package's own default asks WebCrypto for 16 bytes at every id, a
 * system call each). Ids made within one millisecond stay in the order they were made, as the package's default
 * keeps them (RFC 9562, section 6.2, method 1): the first id of a millisecond starts a 31-bit counter at a random
 * value, each later one adds one, and a counter that wraps moves on to the next millisecond.
 */
@injectable()
export class UuidV7IdGenerator implements IdGenerator {
  private readonly pool = new Uint8Array(IDS_PER_REFILL * RANDOM_BYTES_PER_ID);
  private drawn = IDS_PER_REFILL;
  private msecs = -Infinity;
  private seq = 0;

  /** `now` and `fillRandom` are the clock and the cryptographic generator; replaced only by tests. */
  constructor(
    private readonly now: () => number = Date.now,
    private readonly fillRandom: (bytes: Uint8Array) => void = randomFillSync,
  ) {}

  newTaskId(): TaskId {
    return TaskId.from(this.next());
  }

  newListId(): ListId {
    return ListId.from(this.next());
  }

  private next(): string {
    const random = this.randomBytes();
    const now = this.now();
    if (now > this.msecs) {
      this.msecs = now;
      this.seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
    } else {
      this.seq = (this.seq + 1) | 0;
      if (this.seq === 0) this.msecs++;
    }
    return uuidv7({ random, msecs: this.msecs, seq: this.seq });
  }

  /** 16 bytes no earlier id used; a view into the pool, read before the next call. */
  private randomBytes(): Uint8Array {
    if (this.drawn === IDS_PER_REFILL) {
      this.fillRandom(this.pool);
      this.drawn = 0;
    }
    const start = this.drawn++ * RANDOM_BYTES_PER_ID;
    return this.pool.subarray(start, start + RANDOM_BYTES_PER_ID);
  }
}
