import { DomainValidationError } from '../shared/domain-error.js';
import { characterCount, hasControlCharacters, hasUnstorableCharacters } from '../shared/text.js';

export const LIST_NAME_MAX_LENGTH = 100;

/**
 * 1-100 characters once surrounding white space is trimmed; one line. Names are unique per owner ignoring
 * case, so two names that differ only in case are the same name for that rule (`sameNameAs`).
 */
export class ListName {
  private constructor(readonly value: string) {}

  static from(raw: string): ListName {
    const trimmed = raw.trim();
    if (trimmed.length === 0) throw DomainValidationError.of('name', 'Name must not be empty');
    if (characterCount(trimmed) > LIST_NAME_MAX_LENGTH) {
      throw DomainValidationError.of('name', `Name must be at most ${LIST_NAME_MAX_LENGTH} characters`);
    }
    if (hasControlCharacters(trimmed, { allowTab: true }) || hasUnstorableCharacters(trimmed)) {
      throw DomainValidationError.of('name', 'Name must be plain text without control characters');
    }
    return new ListName(trimmed);
  }

  equals(other: ListName): boolean {
    return this.value === other.value;
  }

  /** The uniqueness rule: the same name in another case is the same name. */
  sameNameAs(other: ListName): boolean {
    return this.value.toLowerCase() === other.value.toLowerCase();
  }
}
