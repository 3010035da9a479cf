import type { TaskIdLookup } from '../../../application/ports/task-id-lookup.js';
import type { InMemoryTaskStore } from './in-memory-task-store.js';

/**
 * `TaskIdLookup` over an `InMemoryTaskStore`: ids are unique across owners there too. Ids are matched whatever
 * their case, as PostgreSQL's `uuid` type matches them, and answered as stored.
 */
export class InMemoryTaskIdLookup implements TaskIdLookup {
  constructor(private readonly store: InMemoryTaskStore) {}

  async taken(ids: readonly string[]): Promise<ReadonlySet<string>> {
    const taken = new Set<string>();
    for (const id of ids) {
      const stored = this.store.task(id.toLowerCase());
      if (stored) taken.add(stored.id);
    }
    return taken;
  }
}
