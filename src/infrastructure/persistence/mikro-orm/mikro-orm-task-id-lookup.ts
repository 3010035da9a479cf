import type { EntityManager } from '@mikro-orm/postgresql';
import type { TaskIdLookup } from '../../../application/ports/task-id-lookup.js';

// Keeps each statement's parameter list to a sensible size however large the import.
const CHUNK = 1000;

/**
 * Taken task ids, read inside the current unit of work. The one statement on `tasks` not filtered by
 * `user_id`: an id is unique across owners, and the answer holds only ids the caller already named.
 */
export class MikroOrmTaskIdLookup implements TaskIdLookup {
  constructor(private readonly em: EntityManager) {}

  async taken(ids: readonly string[]): Promise<ReadonlySet<string>> {
    const taken = new Set<string>();
    for (let start = 0; start < ids.length; start += CHUNK) {
      const chunk = ids.slice(start, start + CHUNK);
      const rows = await this.em.execute<{ id: string }[]>(
        `select id from tasks where id in (${chunk.map(() => '?').join(', ')})`,
        chunk,
      );
      for (const { id } of rows) taken.add(id);
    }
    return taken;
  }
}
