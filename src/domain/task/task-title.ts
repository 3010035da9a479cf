import { DomainValidationError } from '../shared/domain-error.js';
import { characterCount, hasControlCharacters, hasUnstorableCharacters } from '../shared/text.js';

export const TITLE_MAX_LENGTH = 200;

/** 1-200 characters once surrounding white space is trimmed; white space alone is no title; one line. */
export class TaskTitle {
  private constructor(readonly value: string) {}

  static from(raw: string): TaskTitle {
    const trimmed = raw.trim();
    if (trimmed.length === 0) throw DomainValidationError.of('title', 'Title must not be empty');
    if (characterCount(trimmed) > TITLE_MAX_LENGTH) {
      throw DomainValidationError.of('title', `Title must be at most ${TITLE_MAX_LENGTH} characters`);
    }
    if (hasControlCharacters(trimmed, { allowTab: true }) || hasUnstorableCharacters(trimmed)) {
      throw DomainValidationError.of('title', 'Title must be plain text without control characters');
    }
    return new TaskTitle(trimmed);
  }

  equals(other: TaskTitle): boolean {
    return this.value === other.value;
  }
}
