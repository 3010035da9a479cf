/**
 * Base of every error the domain raises on purpose. The `code` is stable and machine-readable;
 * the edges (HTTP, CLI) translate it into a status or exit code without inspecting messages.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export interface ValidationIssue {
  /** The attribute in the wire vocabulary, e.g. `title`. */
  readonly path: string;
  readonly message: string;
}

/** One or more values broke an invariant. */
export class DomainValidationError extends DomainError {
  readonly code = 'validation_failed';

  constructor(readonly issues: readonly ValidationIssue[]) {
    super(issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '));
  }

  static of(path: string, message: string): DomainValidationError {
    return new DomainValidationError([{ path, message }]);
  }

  /**
   * Runs every parser and reports all their validation failures together, so a caller fixing a form
   * sees each bad field at once instead of one per round trip.
   */
  static collect<T extends Record<string, unknown>>(parsers: { [K in keyof T]: () => T[K] }): T {
    const result = {} as T;
    const issues: ValidationIssue[] = [];
    for (const key of Object.keys(parsers) as (keyof T)[]) {
      try {
        result[key] = parsers[key]();
      } catch (error) {
        if (!(error instanceof DomainValidationError)) throw error;
        issues.push(...error.issues);
      }
    }
    if (issues.length > 0) throw new DomainValidationError(issues);
    return result;
  }
}
