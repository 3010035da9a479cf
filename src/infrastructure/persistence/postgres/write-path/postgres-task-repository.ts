import type { TaskView } from '../../../../application/ports/task-read-model.js';
import { Task, TaskLimitReachedError, type TaskId, type TaskRepository, type UserId } from '../../../../domain/index.js';
import type { TaskChangeNotifier } from '../../../events/task-change-notifier.js';
import { TASK_VIEW_COLUMNS } from '../postgres-task-read-model.js';
import { DEFAULT_TASK_LIMITS, type TaskLimits } from '../../task-limits.js';
import { WriteConflictError, type SqlSession } from './sql-session.js';
import { taskChangeStatement } from './task-change-statement.js';
import { TaskSnapshotCache } from './task-snapshot-cache.js';

/** `TASK_VIEW_COLUMNS` give the row in the wire shape, the read model's own. */
type TaskRow = TaskView;

const FIND_OWNED = `select ${TASK_VIEW_COLUMNS} from tasks where id = $1 and user_id = $2`;
const FIND_OWNED_FOR_UPDATE = `${FIND_OWNED} for update`;

/**
 * Tasks in PostgreSQL; every statement names the owner as well as the id. A change is saved as one
 * statement that also appends its events (see `taskChangeStatement`) and names the version it was loaded
 * at: if another command changed the task in between, it writes nothing and the unit of work runs again,
 * this time loading the task `FOR UPDATE` so the two queue instead of losing either change. A new task goes
 * in only while its owner has fewer than `maxTasksPerUser`, checked in the same statement. Once the change
 * has committed, the owner's event streams on every instance are told.
 *
 * A first attempt starts from the state this instance last saw of the task, when it has it, so a change to
 * a task just created, read or changed here is one round trip; that state may be stale, which the version
 * check above catches. The retry always reads the database.
 */
export class PostgresTaskRepository implements TaskRepository {
  constructor(
    private readonly session: SqlSession,
    private readonly notifier: TaskChangeNotifier,
    private readonly limits: TaskLimits = DEFAULT_TASK_LIMITS,
    private readonly recent: TaskSnapshotCache = new TaskSnapshotCache(),
  ) {}

  async findOwned(owner: UserId, id: TaskId): Promise<Task | null> {
    const locking = this.session.locking;
    const remembered = locking ? undefined : this.recent.get(owner.value, id.value);
    if (remembered) return Task.rehydrate(remembered);
    const [row] = await this.session.query<TaskRow>({
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
      createdAt: new Date(row.created_at),
      updatedAt: new Date(row.updated_at),
      version: row.version,
    });
    this.recent.remember(task.snapshot());
    return task;
  }

  async save(task: Task): Promise<void> {
    const events = task.pullDomainEvents();
    if (events.length === 0) return;
    const owner = task.ownerId.value;
    const saved = task.snapshot();
    await this.session.write<{ last_seq: string }>({
      sql: taskChangeStatement(task, events, this.limits.maxTasksPerUser),
      verify: (rows) => {
        if (rows.length === 1) return;
        this.recent.forget(saved.id);
        // A new task cannot conflict with anyone's change: the owner's count was at the limit.
        if (task.loadedVersion === 0) throw new TaskLimitReachedError(this.limits.maxTasksPerUser);
        throw new WriteConflictError(`Task ${saved.id}`);
      },
      committed: ([row]) => {
        if (task.isDeleted) this.recent.forget(saved.id);
        else this.recent.remember(saved);
        this.notifier.changed(owner, Number(row!.last_seq));
      },
    });
  }
}
