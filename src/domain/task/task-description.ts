import { DomainValidationError } from '../shared/domain-error.js';
import { characterCount, hasUnstorableCharacters } from '../shared/text.js';

export const DESCRIPTION_MAX_LENGTH = 1000;

/** Free text (line breaks welcome) of at most 1000 characters. An absent description is `null`, never an empty object. */
export class TaskDescription {
  private constructor(readonly value: string) {}

  static from(raw: string): TaskDescription {
    if (hasUnstorableCharacters(raw)) {
      throw DomainValidationError.of('description', 'Description must not contain NUL characters or broken Unicode');
    }
    if (characterCount(raw) > DESCRIPTION_MAX_LENGTH) {
      throw DomainValidationError.of(
        'description',
        `Description must be at most ${DESCRIPTION_MAX_LENGTH} characters`,
      );
    }
    return new TaskDescription(raw);
  }

  /** `null` stays `null`: clearing a description is a legitimate change. */
  static fromNullable(raw: string | null): TaskDescription | null {
    return raw === null ? null : TaskDescription.from(raw);
  }

  static equal(a: TaskDescription | null, b: TaskDescription | null): boolean {
    return a?.value === b?.value;
  }
}
