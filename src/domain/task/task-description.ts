import { DomainValidationError } from '../shared/domain-error.js';

export const DESCRIPTION_MAX_LENGTH = 1000;

/** Free text of at most 1000 characters. An absent description is `null`, never an empty object. */
export class TaskDescription {
  private constructor(readonly value: string) {}

  static from(raw: string): TaskDescription {
    if ([...raw].length > DESCRIPTION_MAX_LENGTH) {
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
