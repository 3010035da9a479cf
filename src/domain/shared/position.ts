import { generateKeyBetween } from 'fractional-indexing';
import { DomainValidationError } from './domain-error.js';

/** Longer keys come only from thousands of moves into one gap; the cap keeps an abused order from growing rows. */
export const POSITION_MAX_LENGTH = 200;

const BASE_62 = /^[0-9A-Za-z]+$/;
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Digits of the fraction `endAfter` adds: 61⁴ (about 13.8 million) different ones. */
const FRACTION_LENGTH = 4;

/** A fraction of base-62 digits drawn from `text` (a hash of it); never ending in 0, as a key's fraction must not. */
function fractionOf(text: string): string {
  let hash = 2166136261;
  let fraction = '';
  for (let i = 0; i < FRACTION_LENGTH; i++) {
    for (const char of text + i) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
    fraction += DIGITS[(hash % 61) + 1];
  }
  return fraction;
}

/** Two neighbouring positions of an order, with no other between them: `null` for the start or the end. */
export interface PositionGap {
  readonly before: Position | null;
  readonly after: Position | null;
}

/**
 * Where an item sits in a manual order: an opaque key that sorts (byte-wise, as `collate "C"` sorts) between its
 * neighbours' keys, so that moving an item rewrites its own key and nothing else. The keys are the
 * `fractional-indexing` package's base-62 keys.
 */
export class Position {
  private constructor(readonly value: string) {}

  /** A stored or imported key; anything the key scheme would not make is refused. */
  static from(raw: string, path = 'position'): Position {
    if (raw.length === 0 || raw.length > POSITION_MAX_LENGTH || !BASE_62.test(raw)) {
      throw DomainValidationError.of(path, `Position must be 1 to ${POSITION_MAX_LENGTH} characters`);
    }
    try {
      // Validates the key: a key the scheme cannot place something after is not a position.
      generateKeyBetween(raw, null);
    } catch {
      throw DomainValidationError.of(path, 'Position is not a valid order key');
    }
    return new Position(raw);
  }

  /** The key between two neighbours: `null` for no neighbour on that side (the start, the end). */
  static between(before: Position | null, after: Position | null): Position {
    if (before && after && before.value >= after.value) {
      throw new RangeError(`Position ${before.value} does not sort before ${after.value}`);
    }
    return new Position(generateKeyBetween(before?.value ?? null, after?.value ?? null));
  }

  /** The key for an item put into `gap`. */
  static within(gap: PositionGap): Position {
    return Position.between(gap.before, gap.after);
  }

  /**
   * A key inside `gap` whose last digits come from `distinct` (the moved item's id), as `endAfter` makes them: writers
   * who put different items into the same gap at the same time make different keys. Where no such key fits (it would
   * grow too long), the plain key of `within`.
   */
  static withinFor(gap: PositionGap, distinct: string): Position {
    const fraction = fractionOf(distinct);
    // A key that begins the gap's upper end (`a1` below `a1rvij`) leaves no room for any digits after it: step towards
    // that end until a key does.
    for (let base = Position.within(gap), steps = 0; steps < 4; steps++, base = Position.between(base, gap.after)) {
      const candidate = new Position(base.value + fraction);
      if (candidate.value.length > POSITION_MAX_LENGTH) break;
      if (candidate.isWithin(gap)) return candidate;
    }
    return Position.within(gap);
  }

  /** Whether this key lies strictly inside `gap`. */
  isWithin(gap: PositionGap): boolean {
    return (gap.before === null || gap.before.value < this.value) && (gap.after === null || this.value < gap.after.value);
  }

  /**
   * A key after `last` (`null`: of an empty order), for an item added at the end. Its fraction comes from
   * `distinct` (the new item's id), so that writers who read the same last key at the same time still make
   * different keys; each sorts after `last`, and the next key after them is short again.
   */
  static endAfter(last: Position | null, distinct: string): Position {
    return new Position(generateKeyBetween(last?.value ?? null, null) + fractionOf(distinct));
  }

  /** The first key of an empty order. */
  static first(): Position {
    return Position.between(null, null);
  }

  /** Keys compare byte-wise, the order `collate "C"` gives them in SQL. */
  static compare(a: Position, b: Position): number {
    return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  }

  equals(other: Position): boolean {
    return this.value === other.value;
  }
}
