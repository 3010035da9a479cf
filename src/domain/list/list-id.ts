import { DomainValidationError } from '../shared/domain-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class ListId {
  private constructor(readonly value: string) {}

  static from(raw: string): ListId {
    const id = ListId.tryParse(raw);
    if (!id) throw DomainValidationError.of('id', 'List id must be a UUID');
    return id;
  }

  /** For ids that arrive from outside (URLs, bodies): a malformed id is simply a list that does not exist. */
  static tryParse(raw: string): ListId | null {
    return UUID.test(raw) ? new ListId(raw.toLowerCase()) : null;
  }

  equals(other: ListId): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.value;
  }
}
