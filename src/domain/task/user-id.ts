import { DomainValidationError } from '../shared/domain-error.js';

const MAX_LENGTH = 255;
// C0 and C1 control characters (incl. DEL): never part of an identifier we would log or store.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/** The id of the authenticated user who owns tasks; comes from the token's `sub` (or `user_id`). */
export class UserId {
  private constructor(readonly value: string) {}

  static from(raw: string): UserId {
    if (raw.length === 0 || raw.length > MAX_LENGTH || CONTROL_CHARACTERS.test(raw)) {
      throw DomainValidationError.of(
        'user_id',
        `User id must be 1-${MAX_LENGTH} characters without control characters`,
      );
    }
    return new UserId(raw);
  }

  equals(other: UserId): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.value;
  }
}
