import type { TaskIdLookup } from '../../../application/ports/task-id-lookup.js';
import type { InMemoryTaskStore } from './in-memory-task-store.js';

/** `TaskIdLookup` over an `InMemoryTaskStore`: ids are unique across owners there too. */
export class InMemoryTaskIdLookup implements TaskIdLookup {
  constructor(private readonly store: InMemoryTaskStore) {}

  async taken(ids: readonly string[]): Promise<ReadonlySet<string>> {
    return new Set(ids.filter((id) => this.store.task(id) !== undefined));
  }
}
