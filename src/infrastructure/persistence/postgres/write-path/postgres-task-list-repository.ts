import { LRUCache } from 'lru-cache';
import { toLoggedListEvent, type ListView } from '../../../../application/list-view.js';
import {
  DEFAULT_LIST_LIMITS,
  INBOX_NAME,
  ListId,
  ListLimitReachedError,
  ListNameTakenError,
  Position,
  TaskList,
  type ListEvent,
  type ListLimits,
  type TaskListRepository,
  type UserId,
} from '../../../../domain/index.js';
import type { TaskChangeNotifier } from '../../../events/task-change-notifier.js';
import { isoTimestamp } from '../sql-timestamp.js';
import { INBOX_IF_MISSING, listChangeStatement } from './list-change-statement.js';
import { WriteConflictError, type SqlScope } from './sql-session.js';

/** A list row: the list in its wire form, and its owner. */
interface ListRow extends ListView {
  user_id: string;
}

export const LIST_COLUMNS = `id, user_id, name, is_inbox, position,
  ${isoTimestamp('created_at')} as created_at, ${isoTimestamp('updated_at')} as updated_at, version`;

const FIND_OWNED = `select ${LIST_COLUMNS} from task_lists where id = $1 and user_id = $2`;
const FIND_INBOX = `select ${LIST_COLUMNS} from task_lists where user_id = $1 and is_inbox`;
/**
 * For putting tasks in a list: `for key share` holds it against a delete, as the tasks' foreign key does, and nothing
 * more — a lock that stopped those foreign key checks would deadlock with writers holding the owner's stream row.
 */
const HOLD_OWNED = `select id from task_lists where id = $1 and user_id = $2 for key share`;
const HOLD_INBOX = `select id from task_lists where user_id = $1 and is_inbox for key share`;
const ALL_OF = `select ${LIST_COLUMNS} from task_lists where user_id = $1 order by position, id`;
const NEXT_AFTER = `select ${LIST_COLUMNS} from task_lists where user_id = $1 and ($2::text is null or position > $2::text)
  order by position, id limit 1`;
const PREVIOUS_BEFORE = `select ${LIST_COLUMNS} from task_lists where user_id = $1 and ($2::text is null or position < $2::text)
  order by position desc, id desc limit 1`;

const DEFAULT_REMEMBERED_INBOXES = 10_000;

/**
 * Lists in PostgreSQL, written as tasks are (docs/develop/adr/0001-task-write-path.md): each change is one
 * statement with its events (`listChangeStatement`) naming the version it read; a row changed meanwhile matches
 * nothing and the unit of work runs again, locking. The owner's list limit and the uniqueness of names are
 * checked in that statement; two writers racing for one name meet at the unique index and run again too.
 *
 * An owner's inbox is made on first use by a statement of its own that commits at once (`INBOX_IF_MISSING`):
 * an inbox is never undone, whatever happens to the unit of work that needed it. Its id never changes while
 * the owner has data, so it is remembered per owner: creating a task in the inbox costs no read. A remembered id
 * that has gone (the owner's data was erased) fails the task's write on its foreign key, and the unit of work
 * runs again, locking, which asks the database (`PostgresUnitOfWork`).
 */
export class PostgresTaskListRepository implements TaskListRepository {
  constructor(
    private readonly session: SqlScope,
    private readonly notifier: TaskChangeNotifier,
    private readonly limits: ListLimits = DEFAULT_LIST_LIMITS,
    private readonly inboxes = new LRUCache<string, string>({ max: DEFAULT_REMEMBERED_INBOXES }),
    private readonly loadedVersions = new WeakMap<TaskList, number>(),
    /** Events of a change that was not written (the list had moved on): the unit of work's next attempt writes them. */
    private readonly unwritten = new WeakMap<TaskList, readonly ListEvent[]>(),
  ) {}

  /** This repository inside one unit of work: its statements run there, and it shares the inboxes it remembers. */
  within(unit: SqlScope): PostgresTaskListRepository {
    return new PostgresTaskListRepository(unit, this.notifier, this.limits, this.inboxes, this.loadedVersions, this.unwritten);
  }

  async findOwned(owner: UserId, id: ListId): Promise<TaskList | null> {
    const text = this.session.locking ? `${FIND_OWNED} for update` : FIND_OWNED;
    const [row] = await this.session.query<ListRow>({ text, values: [id.value, owner.value] });
    return row ? this.loaded(row) : null;
  }

  async hasOwned(owner: UserId, id: ListId): Promise<boolean> {
    const text = this.session.locking ? HOLD_OWNED : FIND_OWNED;
    const rows = await this.session.query({ text, values: [id.value, owner.value] });
    return rows.length === 1;
  }

  async inboxOf(owner: UserId, candidate: () => TaskList): Promise<TaskList> {
    const text = this.session.locking ? `${FIND_INBOX} for update` : FIND_INBOX;
    const [existing] = await this.session.query<ListRow>({ text, values: [owner.value] });
    if (existing) return this.loaded(existing);
    await this.makeInbox(owner, candidate());
    const [made] = await this.session.query<ListRow>({ text, values: [owner.value] });
    if (!made) throw new Error(`The inbox of ${owner.value} was made but cannot be read`);
    return this.loaded(made);
  }

  async inboxIdOf(owner: UserId, candidate: () => TaskList): Promise<ListId> {
    const remembered = this.session.locking ? undefined : this.inboxes.get(owner.value);
    if (remembered) return ListId.from(remembered);
    const [held] = this.session.locking ? await this.session.query<{ id: string }>({ text: HOLD_INBOX, values: [owner.value] }) : [];
    if (held) return ListId.from(held.id);
    const inbox = await this.inboxOf(owner, candidate);
    this.inboxes.set(owner.value, inbox.id.value);
    return inbox.id;
  }

  async allOf(owner: UserId): Promise<TaskList[]> {
    const text = this.session.locking ? `${ALL_OF} for update` : ALL_OF;
    const rows = await this.session.query<ListRow>({ text, values: [owner.value] });
    return rows.map((row) => this.loaded(row));
  }

  async nextAfter(owner: UserId, position: Position | null): Promise<TaskList | null> {
    const [row] = await this.session.query<ListRow>({ text: NEXT_AFTER, values: [owner.value, position?.value ?? null] });
    return row ? this.loaded(row) : null;
  }

  async previousBefore(owner: UserId, position: Position | null): Promise<TaskList | null> {
    const [row] = await this.session.query<ListRow>({ text: PREVIOUS_BEFORE, values: [owner.value, position?.value ?? null] });
    return row ? this.loaded(row) : null;
  }

  async persist(list: TaskList): Promise<void> {
    const events = [...(this.unwritten.get(list) ?? []), ...list.pullDomainEvents()];
    this.unwritten.delete(list);
    if (events.length === 0) return;
    const owner = list.ownerId.value;
    const loadedVersion = this.loadedVersions.get(list) ?? null;
    this.loadedVersions.set(list, list.version);
    const name = list.name.value;
    await this.session.queue<{ last_seq: string | null; name_taken: boolean }>({
      sql: listChangeStatement(list, loadedVersion, events, this.limits.maxListsPerUser),
      verify: ([row]) => {
        if (row?.last_seq != null) return;
        // Nothing was written: the list is still at the version it was loaded at.
        if (loadedVersion === null) this.loadedVersions.delete(list);
        else this.loadedVersions.set(list, loadedVersion);
        this.unwritten.set(list, events);
        if (row?.name_taken) throw new ListNameTakenError(name);
        if (loadedVersion === null) throw new ListLimitReachedError(this.limits.maxListsPerUser);
        throw new WriteConflictError(`List ${list.id.value}`);
      },
      committed: ([row]) => this.notifier.changed(owner, Number(row!.last_seq)),
    });
  }

  /** Commits the owner's inbox at once, unless they have one; the loser of a race writes nothing. */
  private async makeInbox(owner: UserId, inbox: TaskList): Promise<void> {
    if (!inbox.isInbox || !inbox.ownerId.equals(owner)) throw new Error('An inbox candidate must be an inbox of its owner');
    const events = inbox.pullDomainEvents();
    const snapshot = inbox.snapshot();
    const values = [
      snapshot.id,
      owner.value,
      INBOX_NAME,
      snapshot.position,
      snapshot.createdAt.toISOString(),
      JSON.stringify(events.map(toLoggedListEvent)),
      events.length,
    ];
    const [made] = await this.session.autocommit<{ last_seq: string }>({ text: INBOX_IF_MISSING, values });
    if (made) this.notifier.changed(owner.value, Number(made.last_seq));
  }

  private loaded(row: ListRow): TaskList {
    const list = TaskList.rehydrate({
      id: row.id,
      ownerId: row.user_id,
      name: row.name,
      isInbox: row.is_inbox,
      position: row.position,
      createdAt: new Date(row.created_at),
      updatedAt: new Date(row.updated_at),
      version: row.version,
    });
    this.loadedVersions.set(list, row.version);
    return list;
  }
}
