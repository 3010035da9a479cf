import type { ListView } from '../../../application/list-view.js';
import type { TaskListReadModel } from '../../../application/ports/task-list-read-model.js';
import { DEFAULT_LIST_LIMITS, type ListLimits } from '../../../domain/index.js';
import { isoTimestamp } from './sql-timestamp.js';
import type { SqlSession } from './write-path/sql-session.js';

/** Columns already in the wire shape. */
const LIST_VIEW_COLUMNS = `id, name, is_inbox, position,
  ${isoTimestamp('created_at')} as created_at, ${isoTimestamp('updated_at')} as updated_at, version`;

const FIND_ONE = `select ${LIST_VIEW_COLUMNS} from task_lists where user_id = $1 and id = $2`;
// Served by task_lists_user_position_idx (user_id, position, id); the limit is the most lists an owner can have.
const LISTS = `select ${LIST_VIEW_COLUMNS} from task_lists where user_id = $1 order by position, id limit $2`;

/** Reads lists straight from SQL, each statement scoped to the owner. */
export class PostgresTaskListReadModel implements TaskListReadModel {
  constructor(
    private readonly session: SqlSession,
    private readonly limits: ListLimits = DEFAULT_LIST_LIMITS,
  ) {}

  async findOne(ownerId: string, listId: string): Promise<ListView | null> {
    const [row] = await this.session.query<ListView>({ text: FIND_ONE, values: [ownerId, listId] });
    return row ?? null;
  }

  lists(ownerId: string): Promise<ListView[]> {
    return this.session.query<ListView>({ text: LISTS, values: [ownerId, this.limits.maxListsPerUser] });
  }
}
