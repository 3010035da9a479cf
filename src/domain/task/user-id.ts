import { DomainValidationError } from '../shared/domain-error.js';
import { hasControlCharacters, hasUnstorableCharacters } from '../shared/text.js';

const MAX_LENGTH = 255;

/** The id of the authenticated user who owns tasks; comes from the token's `sub` (or `user_id`). */
export class UserId {
  private constructor(readonly value: string) {}

  static from(raw: string): UserId {
    if (raw.length === 0 || raw.length > MAX_LENGTH || hasControlCharacters(raw) || hasUnstorableCharacters(raw)) {
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
