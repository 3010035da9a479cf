import { DomainValidationError } from '../shared/domain-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class TaskId {
  private constructor(readonly value: string) {}

  static from(raw: string): TaskId {
    const id = TaskId.tryParse(raw);
    if (!id) throw DomainValidationError.of('id', 'Task id must be a UUID');
    return id;
  }

  /** For ids that arrive from outside (URLs, CLI flags): a malformed id is simply a task that does not exist. */
  static tryParse(raw: string): TaskId | null {
    return UUID.test(raw) ? new TaskId(raw.toLowerCase()) : null;
  }

  equals(other: TaskId): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.value;
  }
}
