import type { TaskView } from '../../../../application/ports/task-read-model.js';
import {
  DEFAULT_TASK_LIMITS,
  MAX_TASK_DEPTH,
  Position,
  Task,
  TaskLimitReachedError,
  type AncestorChain,
  type TaskId,
  type TaskLimits,
  type TaskRepository,
  type UserId,
} from '../../../../domain/index.js';
import type { TaskChangeNotifier } from '../../../events/task-change-notifier.js';
import { TASK_VIEW_COLUMNS } from '../postgres-task-read-model.js';
import { WriteConflictError, type SqlSession } from './sql-session.js';
import { taskChangeStatement } from './task-change-statement.js';
import { TaskSnapshotCache } from './task-snapshot-cache.js';

const FIND_OWNED = `select ${TASK_VIEW_COLUMNS} from tasks where id = $1 and user_id = $2`;
const FIND_OWNED_FOR_UPDATE = `${FIND_OWNED} for update`;

/**
 * A sibling group: the owner's tasks directly under one parent, `$2` (null: the top level). The one place that
 * says what a group is — the unique index `tasks_sibling_position_key` keeps positions distinct within it.
 */
const SIBLING_GROUP = 'user_id = $1 and parent_id is not distinct from $2::uuid';

/** Serialises the writers of one sibling group until the transaction ends. */
const LOCK_SIBLING_GROUP = `select pg_advisory_xact_lock(hashtextextended('tasks/' || $1::text || '/' || coalesce($2::text, ''), 0))`;

const LAST_POSITION = `select position from tasks where ${SIBLING_GROUP} order by position desc limit 1`;

/** The task and its ancestors, nearest first; the depth bound keeps a corrupt chain from looping. */
const ANCESTORS = `with recursive chain (id, parent_id, depth) as (
    select id, parent_id, 1 from tasks where user_id = $1 and id = $2
    union all
    select t.id, t.parent_id, chain.depth + 1 from tasks t join chain on t.id = chain.parent_id
    where t.user_id = $1 and chain.depth <= ${MAX_TASK_DEPTH}
  )
  select id from chain order by depth`;

/**
 * Tasks in PostgreSQL; every statement names the owner as well as the id. How a change is written — one
 * statement with its events, the optimistic attempt from remembered state, the locking retry, the notification
 * after commit — is docs/develop/adr/0001-task-write-path.md. In short:
 *
 * - `findOwned` starts from the state this instance last saw of the task (the snapshot cache) when it has it
 *   and the unit of work is not locking; otherwise it reads the row, `FOR UPDATE` when locking.
 * - `persist` queues `taskChangeStatement`, which names the version the task was loaded at: a row changed
 *   meanwhile matches nothing, and the unit of work runs again, locking (`WriteConflictError`). A new task goes
 *   in only while its owner is below `TaskLimits.maxTasksPerUser`, checked in the same statement.
 * - Once committed, the snapshot cache learns the new state and every instance's event streams are told.
 */
export class PostgresTaskRepository implements TaskRepository {
  /** The version each task handed out was loaded (or last persisted) at; a task not in here is new. */
  private readonly loadedVersions = new WeakMap<Task, number>();

  constructor(
    private readonly session: SqlSession,
    private readonly notifier: TaskChangeNotifier,
    private readonly limits: TaskLimits = DEFAULT_TASK_LIMITS,
    private readonly recent: TaskSnapshotCache = new TaskSnapshotCache(),
  ) {}

  async findOwned(owner: UserId, id: TaskId): Promise<Task | null> {
    const locking = this.session.locking;
    const remembered = locking ? undefined : this.recent.get(owner.value, id.value);
    if (remembered) {
      this.session.rememberedStateUsed();
      return this.loaded(Task.rehydrate(remembered));
    }
    const [row] = await this.session.query<TaskView>({
      text: locking ? FIND_OWNED_FOR_UPDATE : FIND_OWNED,
      values: [id.value, owner.value],
    });
    if (!row) return null;
    const task = Task.rehydrate({
      id: row.id,
      ownerId: row.user_id,
      title: row.title,
      description: row.description,
      dueDate: row.due_date,
      priority: row.priority,
      completed: row.completed,
      completedAt: row.completed_at === null ? null : new Date(row.completed_at),
      parentId: row.parent_id,
      position: row.position,
      createdAt: new Date(row.created_at),
      updatedAt: new Date(row.updated_at),
      version: row.version,
    });
    this.recent.remember(task.snapshot());
    return this.loaded(task);
  }

  async persist(task: Task): Promise<void> {
    const events = task.pullDomainEvents();
    if (events.length === 0) return;
    const owner = task.ownerId.value;
    const saved = task.snapshot();
    const loadedVersion = this.loadedVersions.get(task) ?? null;
    this.loadedVersions.set(task, saved.version);
    await this.session.queue<{ last_seq: string }>({
      sql: taskChangeStatement(task, loadedVersion, events, this.limits.maxTasksPerUser),
      verify: (rows) => {
        if (rows.length === 1) return;
        this.recent.forget(saved.id);
        // A new task cannot conflict with anyone's change: the owner's count was at the limit.
        if (loadedVersion === null) throw new TaskLimitReachedError(this.limits.maxTasksPerUser);
        throw new WriteConflictError(`Task ${saved.id}`);
      },
      committed: ([row]) => {
        if (task.isDeleted) this.recent.forget(saved.id);
        else this.recent.remember(saved);
        this.notifier.changed(owner, Number(row!.last_seq));
      },
    });
  }

  async ancestorsOf(owner: UserId, id: TaskId): Promise<AncestorChain | null> {
    const rows = await this.session.query<{ id: string }>({ text: ANCESTORS, values: [owner.value, id.value] });
    return rows.length === 0 ? null : rows.map((row) => row.id);
  }

  /**
   * The last position among the group's tasks. An optimistic attempt just reads it: the unique index
   * `tasks_sibling_position_key` refuses a second writer that read the same one, and the unit of work runs again
   * locking. A locking attempt (already in a transaction) first takes the group's advisory lock for the rest of
   * it, so that writers of one group queue up and each reads the position the one before it wrote.
   */
  async lastPositionUnder(owner: UserId, parent: TaskId | null): Promise<Position | null> {
    const values = [owner.value, parent?.value ?? null];
    if (this.session.locking) await this.session.query({ text: LOCK_SIBLING_GROUP, values });
    const [row] = await this.session.query<{ position: string }>({ text: LAST_POSITION, values });
    return row ? Position.from(row.position) : null;
  }

  private loaded(task: Task): Task {
    this.loadedVersions.set(task, task.version);
    return task;
  }
}
