import { DomainValidationError } from '../shared/domain-error.js';

export const TITLE_MAX_LENGTH = 200;

/** 1-200 characters once surrounding white space is trimmed; white space alone is no title. */
export class TaskTitle {
  private constructor(readonly value: string) {}

  static from(raw: string): TaskTitle {
    const trimmed = raw.trim();
    if (trimmed.length === 0) throw DomainValidationError.of('title', 'Title must not be empty');
    // Count code points, not UTF-16 units, so an emoji is one character as users see it.
    if ([...trimmed].length > TITLE_MAX_LENGTH) {
      throw DomainValidationError.of('title', `Title must be at most ${TITLE_MAX_LENGTH} characters`);
    }
    return new TaskTitle(trimmed);
  }

  equals(other: TaskTitle): boolean {
    return this.value === other.value;
  }
}
