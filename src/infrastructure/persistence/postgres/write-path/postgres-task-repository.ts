import type { TaskView } from '../../../../application/ports/task-read-model.js';
import {
  DEFAULT_TASK_LIMITS,
  MAX_TASK_DEPTH,
  Position,
  Task,
  TaskLimitReachedError,
  type AncestorChain,
  type ListId,
  type MoveNeighbour,
  type PositionGap,
  type SiblingGroup,
  type TaskId,
  type TaskLimits,
  type TaskRepository,
  type UserId,
} from '../../../../domain/index.js';
import type { TaskChangeNotifier } from '../../../events/task-change-notifier.js';
import { labelTerms, TASK_VIEW_COLUMNS } from '../postgres-task-read-model.js';
import { WriteConflictError, type SqlScope } from './sql-session.js';
import { taskChangeStatement } from './task-change-statement.js';
import { SiblingGroupEnds } from './sibling-group-ends.js';
import { inGroupOrder, siblingGroup } from './sibling-group-sql.js';
import { TaskSnapshotCache } from './task-snapshot-cache.js';

/** The unit of work's sibling groups whose end `lastPositionUnder` answered from memory. */
const REMEMBERED_ENDS = Symbol('remembered sibling group ends');

const FIND_OWNED = `select ${TASK_VIEW_COLUMNS} from tasks where id = $1 and user_id = $2`;
const FIND_OWNED_FOR_UPDATE = `${FIND_OWNED} for update`;

/** The owner's tasks with any of the label terms `$2` (`labelTerms`), through `tasks_user_label_terms_idx`. */
const FIND_OWNED_WITH_LABELS = `select ${TASK_VIEW_COLUMNS} from tasks
  where user_id = $1 and label_keys <> '{}'::text[] and task_label_terms(user_id, label_keys) && $2::text[] order by id limit $3`;
// In id order, so that two units of work locking the same tasks take them in the same order.
const FIND_OWNED_WITH_LABELS_FOR_UPDATE = `${FIND_OWNED_WITH_LABELS} for update`;

/** Serialises the writers of one sibling group until the transaction ends. */
const LOCK_SIBLING_GROUP = `select pg_advisory_xact_lock(
    hashtextextended('tasks/' || $1::text || '/' || $3::text || '/' || coalesce($2::text, ''), 0))`;

/**
 * Holds the shape of the owner's hierarchy until the transaction ends: shared by writers that put a subtask under a
 * checked chain of ancestors, exclusive for one that re-parents a task (which changes chains and heights).
 */
const HIERARCHY_LOCK = `hashtextextended('task-tree/' || $1::text, 0)`;
const SHARE_HIERARCHY = `select pg_advisory_xact_lock_shared(${HIERARCHY_LOCK})`;
const HOLD_HIERARCHY = `select pg_advisory_xact_lock(${HIERARCHY_LOCK})`;

const lastPosition = (topLevel: boolean) => `select position from tasks where ${siblingGroup(topLevel)} ${inGroupOrder('desc')} limit 1`;
export const LAST_POSITION = { top: lastPosition(true), under: lastPosition(false) };

/**
 * The task and its ancestors, nearest first; the depth bound keeps a corrupt chain from looping. Their rows are
 * locked `for key share`: none of them can be deleted until the unit of work ends (a delete waits, and a task it
 * removed meanwhile drops out of the answer), while changes that keep the id go on.
 */
const ANCESTORS = `with recursive chain (id, parent_id, depth) as (
    select id, parent_id, 1 from tasks where user_id = $1 and id = $2
    union all
    select t.id, t.parent_id, chain.depth + 1 from tasks t join chain on t.id = chain.parent_id
    where t.user_id = $1 and chain.depth <= ${MAX_TASK_DEPTH}
  )
  select held.id from chain join tasks held on held.id = chain.id
  where held.user_id = $1 order by chain.depth for key share of held`;

/** The task's subtasks at every depth, with how far below it each is; the bound keeps a corrupt chain from looping. */
const BELOW = `with recursive below (id, depth) as (
    select id, 1 from tasks where user_id = $1 and parent_id = $2
    union all
    select t.id, below.depth + 1 from tasks t join below on t.parent_id = below.id
    where t.user_id = $1 and below.depth < ${MAX_TASK_DEPTH}
  )`;

/** Deepest first, so that each subtask goes before its parent. */
const DESCENDANTS = `${BELOW}
  select ${TASK_VIEW_COLUMNS} from tasks join below using (id) where tasks.user_id = $1 order by below.depth desc, tasks.position desc`;
const DESCENDANTS_FOR_UPDATE = `${DESCENDANTS} for update of tasks`;

const SUBTREE_HEIGHT = `${BELOW} select coalesce(max(depth), 0) + 1 as height from below`;

/**
 * The two positions around a gap of a sibling group ($1, $2, $3) with the moving task ($4) left out: beside a
 * neighbour ($5), or at the start or end of the group. No row when the neighbour is not in the group.
 */
export function gapStatement(side: MoveNeighbour['side'], besideNeighbour: boolean, topLevel: boolean): string {
  const others = `${siblingGroup(topLevel)} and id <> $4::uuid`;
  const [beyond, direction] = side === 'after' ? (['>', 'asc'] as const) : (['<', 'desc'] as const);
  // The nearest sibling on the side the task goes: past the neighbour, or from the group's start or end.
  const nearest = `(select position from tasks where ${others}${besideNeighbour ? ` and position ${beyond} neighbour.position` : ''}
    ${inGroupOrder(direction)} limit 1)`;
  const neighbour = besideNeighbour ? 'neighbour.position' : 'null::text';
  const [before, after] = side === 'after' ? [neighbour, nearest] : [nearest, neighbour];
  const select = `select ${before} as before_position, ${after} as after_position`;
  // The neighbour is found by its id alone and only then checked to be of the group: given the group's conditions
  // too, a generic plan may look for it along the group's range of the sibling index instead.
  const neighbourRow = `with neighbour as materialized (
      select position, parent_id, list_id from tasks where user_id = $1 and id = $5::uuid and id <> $4::uuid)`;
  const ofTheGroup = `neighbour.list_id = $3::uuid and neighbour.parent_id is not distinct from $2::uuid`;
  return besideNeighbour ? `${neighbourRow} ${select} from neighbour where ${ofTheGroup}` : select;
}

/** A list's tasks, deepest first (each subtask before its parent), as `DESCENDANTS`. */
const TASKS_IN_LIST = `with recursive level (id, depth) as (
    select id, 1 from tasks where user_id = $1 and list_id = $2 and parent_id is null
    union all
    select t.id, level.depth + 1 from tasks t join level on t.parent_id = level.id
    where t.user_id = $1 and level.depth < ${MAX_TASK_DEPTH}
  )
  select ${TASK_VIEW_COLUMNS} from tasks join level using (id) where tasks.user_id = $1 order by level.depth desc, tasks.position desc`;
const TASKS_IN_LIST_FOR_UPDATE = `${TASKS_IN_LIST} for update of tasks`;

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
  constructor(
    private readonly session: SqlScope,
    private readonly notifier: TaskChangeNotifier,
    private readonly limits: TaskLimits = DEFAULT_TASK_LIMITS,
    private readonly recent: TaskSnapshotCache = new TaskSnapshotCache(),
    private readonly ends: SiblingGroupEnds = new SiblingGroupEnds(),
    /** The version each task handed out was loaded (or last persisted) at; a task not in here is new. */
    private readonly loadedVersions = new WeakMap<Task, number>(),
  ) {}

  /** This repository inside one unit of work: its statements run there, and it shares what this one remembers. */
  within(unit: SqlScope): PostgresTaskRepository {
    return new PostgresTaskRepository(unit, this.notifier, this.limits, this.recent, this.ends, this.loadedVersions);
  }

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
    const task = taskFromRow(row);
    this.recent.remember(task.snapshot());
    return this.loaded(task);
  }

  async findOwnedWithLabels(owner: UserId, keys: readonly string[], limit: number): Promise<Task[]> {
    const rows = await this.session.query<TaskView>({
      text: this.session.locking ? FIND_OWNED_WITH_LABELS_FOR_UPDATE : FIND_OWNED_WITH_LABELS,
      values: [owner.value, labelTerms(owner.value, keys), limit],
    });
    return rows.map((row) => {
      const task = taskFromRow(row);
      this.recent.remember(task.snapshot());
      return this.loaded(task);
    });
  }

  async persist(task: Task): Promise<void> {
    const events = task.pullDomainEvents();
    if (events.length === 0) return;
    const owner = task.ownerId.value;
    const saved = task.snapshot();
    const loadedVersion = this.loadedVersions.get(task) ?? null;
    this.loadedVersions.set(task, saved.version);
    const group = SiblingGroupEnds.key(owner, saved.listId, saved.parentId);
    const atEnd = this.session.unitState(REMEMBERED_ENDS, () => new Set<string>())?.has(group) ?? false;
    await this.session.queue<{ last_seq: string }>({
      sql: taskChangeStatement(task, loadedVersion, events, this.limits.maxTasksPerUser, atEnd),
      verify: (rows) => {
        if (rows.length === 1) return;
        this.recent.forget(saved.id);
        if (atEnd) {
          // The remembered end was overtaken (or the owner is at the limit): the locking attempt reads both afresh.
          this.ends.forget(group);
          throw new WriteConflictError(`The end of task ${saved.id}'s group`);
        }
        // A new task cannot conflict with anyone's change: the owner's count was at the limit.
        if (loadedVersion === null) throw new TaskLimitReachedError(this.limits.maxTasksPerUser);
        throw new WriteConflictError(`Task ${saved.id}`);
      },
      committed: ([row]) => {
        if (task.isDeleted) this.recent.forget(saved.id);
        else {
          this.recent.remember(saved);
          this.ends.wrote(group, task.position);
        }
        this.notifier.changed(owner, Number(row!.last_seq));
      },
    });
  }

  /**
   * Runs in a transaction holding the owner's hierarchy shared and the chain's rows: the chain cannot change (no
   * task is re-parented or deleted) until the unit of work ends, so the placement checked against it still holds.
   */
  async ancestorsOf(owner: UserId, id: TaskId): Promise<AncestorChain | null> {
    await this.session.transaction();
    await this.session.query({ text: SHARE_HIERARCHY, values: [owner.value] });
    const rows = await this.session.query<{ id: string }>({ text: ANCESTORS, values: [owner.value, id.value] });
    // A task deleted while this waited for its row is gone, and so is its chain.
    return rows[0]?.id === id.value ? rows.map((row) => row.id) : null;
  }

  /**
   * The last position among the group's tasks. An optimistic attempt answers the end this instance remembers of the
   * group (`SiblingGroupEnds`), and the write after it then checks that nothing has overtaken it (`atEnd`); else it
   * just reads it: the unique index `tasks_sibling_position_key` refuses a second writer that read the same one, and
   * the unit of work runs again locking. A locking attempt (already in a transaction) first takes the group's
   * advisory lock for the rest of it, so that writers of one group queue up and each reads the position the one
   * before it wrote.
   */
  async lastPositionUnder(owner: UserId, parent: TaskId | null, list: ListId): Promise<Position | null> {
    const group = SiblingGroupEnds.key(owner.value, list.value, parent?.value ?? null);
    const remembered = this.session.locking ? undefined : this.ends.get(group);
    const relying = remembered === undefined ? undefined : this.session.unitState(REMEMBERED_ENDS, () => new Set<string>());
    if (relying) {
      relying.add(group);
      return remembered!;
    }
    const values = [owner.value, parent?.value ?? null, list.value];
    if (this.session.locking) await this.session.query({ text: LOCK_SIBLING_GROUP, values });
    const [row] = await this.session.query<{ position: string }>({ text: parent ? LAST_POSITION.under : LAST_POSITION.top, values });
    const end = row ? Position.from(row.position) : null;
    this.ends.read(group, end);
    return end;
  }

  async descendantsOf(owner: UserId, id: TaskId): Promise<Task[]> {
    const rows = await this.session.query<TaskView>({
      text: this.session.locking ? DESCENDANTS_FOR_UPDATE : DESCENDANTS,
      values: [owner.value, id.value],
    });
    return rows.map((row) => this.loaded(taskFromRow(row)));
  }

  async tasksInList(owner: UserId, list: ListId): Promise<Task[]> {
    const rows = await this.session.query<TaskView>({
      text: this.session.locking ? TASKS_IN_LIST_FOR_UPDATE : TASKS_IN_LIST,
      values: [owner.value, list.value],
    });
    return rows.map((row) => this.loaded(taskFromRow(row)));
  }

  /**
   * Asked only to re-parent a task: runs in a transaction holding the owner's hierarchy exclusively, so that no other
   * re-parenting or new subtask changes heights or chains before this unit of work commits.
   */
  async subtreeHeight(owner: UserId, id: TaskId): Promise<number> {
    await this.session.transaction();
    await this.session.query({ text: HOLD_HIERARCHY, values: [owner.value] });
    const [row] = await this.session.query<{ height: number }>({ text: SUBTREE_HEIGHT, values: [owner.value, id.value] });
    return row!.height;
  }

  /** Reads the gap in one statement, so its two positions are neighbours at one moment; locking, as `lastPositionUnder`. */
  async gapBeside(owner: UserId, group: SiblingGroup, neighbour: MoveNeighbour, moving: TaskId): Promise<PositionGap | null> {
    const values = [owner.value, group.parentId?.value ?? null, group.listId.value];
    if (this.session.locking) await this.session.query({ text: LOCK_SIBLING_GROUP, values });
    const [row] = await this.session.query<{ before_position: string | null; after_position: string | null }>({
      text: gapStatement(neighbour.side, neighbour.id !== null, group.parentId === null),
      values: neighbour.id === null ? [...values, moving.value] : [...values, moving.value, neighbour.id.value],
    });
    if (!row) return null;
    const positionOf = (raw: string | null) => (raw === null ? null : Position.from(raw));
    return { before: positionOf(row.before_position), after: positionOf(row.after_position) };
  }

  private loaded(task: Task): Task {
    this.loadedVersions.set(task, task.version);
    return task;
  }
}

function taskFromRow(row: TaskView): Task {
  return Task.rehydrate({
    id: row.id,
    ownerId: row.user_id,
    title: row.title,
    description: row.description,
    dueDate: row.due_date,
    priority: row.priority,
    completed: row.completed,
    completedAt: row.completed_at === null ? null : new Date(row.completed_at),
    listId: row.list_id,
    parentId: row.parent_id,
    position: row.position,
    labels: row.labels,
    repeat: row.repeat,
    repeatFrom: row.repeat_from,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    version: row.version,
  });
}
