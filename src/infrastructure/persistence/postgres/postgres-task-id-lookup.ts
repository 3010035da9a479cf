import type { TaskIdLookup } from '../../../application/ports/task-id-lookup.js';
import type { SqlSession } from './write-path/sql-session.js';

// Keeps each statement's array to a sensible size however large the import.
const CHUNK = 1000;

/**
 * Taken task ids, as committed now. The one statement on `tasks` not filtered by
 * `user_id`: an id is unique across owners, and the answer holds only ids the caller already named.
 */
export class PostgresTaskIdLookup implements TaskIdLookup {
  constructor(private readonly session: SqlSession) {}

  async taken(ids: readonly string[]): Promise<ReadonlySet<string>> {
    const taken = new Set<string>();
    for (let start = 0; start < ids.length; start += CHUNK) {
      const chunk = ids.slice(start, start + CHUNK);
      const rows = await this.session.query<{ id: string }>({ text: 'select id from tasks where id = any($1::uuid[])', values: [chunk] });
      for (const { id } of rows) taken.add(id);
    }
    return taken;
  }
}
