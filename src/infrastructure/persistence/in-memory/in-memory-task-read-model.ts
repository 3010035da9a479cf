import type {
  LabelView,
  SortOrder,
  TaskListCriteria,
  TaskReadModel,
  TaskSortField,
  TaskStats,
  TaskView,
} from '../../../application/ports/task-read-model.js';
import { INBOX_ALIAS } from '../../../application/commands/owned-list.js';
import { toTaskView } from '../../../application/task-view.js';
import { LabelName, TaskPriority } from '../../../domain/index.js';
import type { InMemoryTaskStore } from './in-memory-task-store.js';

/** A task's place in one order: its sort value, then its id. */
type SortKey = readonly [string | number, string];

// Beyond every `YYYY-MM-DD` date at either end, as PostgreSQL's ±infinity are for the SQL read model.
const AFTER_EVERY_DATE = '\uffff';
const BEFORE_EVERY_DATE = '';

/**
 * `TaskReadModel` over an `InMemoryTaskStore`, ordering and filtering as the SQL one does. Titles and timestamps
 * compare as plain strings (ISO 8601 timestamps and `YYYY-MM-DD` dates sort chronologically that way; titles as
 * a database with a `C` collation orders them), priorities by rank, with the id as tie-breaker in the same
 * direction. By due date, a task without one takes a value past the end of the order, whichever the direction,
 * so it comes last both ways. Ids are matched whatever their case, as PostgreSQL's `uuid` type matches them.
 */
export class InMemoryTaskReadModel implements TaskReadModel {
  constructor(
    private readonly store: InMemoryTaskStore,
    /** The id of the owner's inbox, if they have one: what `listId: 'inbox'` names. */
    private readonly inboxOf: (ownerId: string) => string | null = () => null,
  ) {}

  async findOne(ownerId: string, taskId: string): Promise<TaskView | null> {
    const snapshot = this.store.task(taskId.toLowerCase());
    return snapshot && snapshot.ownerId === ownerId ? toTaskView(snapshot) : null;
  }

  async list(criteria: TaskListCriteria): Promise<TaskView[]> {
    const { sort, order, after, search, status, priorities, due, limit } = criteria;
    const labels = criteria.labels ?? null;
    const repeating = criteria.repeating ?? null;
    const listId = criteria.listId === INBOX_ALIAS ? this.inboxOf(criteria.ownerId) : (criteria.listId?.toLowerCase() ?? undefined);
    const direction = order === 'asc' ? 1 : -1;
    const needle = search === null ? null : foldCase(search);
    const keyOf = (task: TaskView) => sortKey(sort, order, task[sort], task.id);
    const afterKey = after && sortKey(sort, order, after.value, after.id.toLowerCase());
    return this.store
      .tasksOf(criteria.ownerId)
      .map(toTaskView)
      .filter((task) => criteria.parentId === undefined || task.parent_id === criteria.parentId)
      .filter((task) => listId === undefined || task.list_id === listId)
      .filter((task) => status === 'all' || task.completed === (status === 'completed'))
      .filter((task) => needle === null || matches(task, needle))
      .filter((task) => priorities === null || priorities.includes(task.priority))
      .filter((task) => labels === null || task.labels.some((name) => labels.includes(LabelName.keyOf(name))))
      .filter((task) => due === null || (task.due_date !== null && due.from <= task.due_date && task.due_date <= due.to))
      .filter((task) => repeating === null || (task.repeat !== null) === repeating)
      .filter((task) => afterKey === null || direction * compareKeys(keyOf(task), afterKey) > 0)
      .sort((a, b) => direction * compareKeys(keyOf(a), keyOf(b)))
      .slice(0, limit);
  }

  async labels(ownerId: string): Promise<LabelView[]> {
    const byKey = new Map<string, LabelView>();
    const tasks = this.store.tasksOf(ownerId).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || compare(a.id, b.id));
    for (const task of tasks) {
      for (const name of task.labels) {
        const key = LabelName.keyOf(name);
        const label = byKey.get(key) ?? { name, task_count: 0 };
        label.task_count += 1;
        byKey.set(key, label);
      }
    }
    // By key in code point order, as PostgreSQL's `collate "C"` orders them.
    return [...byKey.entries()].sort(([a], [b]) => compareCodePoints(a, b)).map(([, label]) => label);
  }

  async stats(ownerId: string, today: string): Promise<TaskStats> {
    const tasks = this.store.tasksOf(ownerId);
    const pending = tasks.filter((task) => !task.completed);
    return {
      total: tasks.length,
      pending: pending.length,
      completed: tasks.length - pending.length,
      overdue: pending.filter((task) => task.dueDate !== null && task.dueDate < today).length,
      due_today: pending.filter((task) => task.dueDate === today).length,
    };
  }
}

function sortKey(sort: TaskSortField, order: SortOrder, value: string | null, id: string): SortKey {
  if (sort === 'priority') return [TaskPriority.from(value!).rank, id];
  if (sort === 'due_date') return [value ?? (order === 'asc' ? AFTER_EVERY_DATE : BEFORE_EVERY_DATE), id];
  return [value!, id];
}

function compareKeys(a: SortKey, b: SortKey): number {
  return compare(a[0], b[0]) || compare(a[1], b[1]);
}

function compare<T extends string | number>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareCodePoints(a: string, b: string): number {
  const left = [...a].map((character) => character.codePointAt(0)!);
  const right = [...b].map((character) => character.codePointAt(0)!);
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    if (left[index] !== right[index]) return left[index]! - right[index]!;
  }
  return left.length - right.length;
}

function matches(task: TaskView, needle: string): boolean {
  return foldCase(task.title).includes(needle) || (task.description !== null && foldCase(task.description).includes(needle));
}

/**
 * Lower case one character at a time, as PostgreSQL's `ILIKE` compares under a UTF-8 locale: `Σ` is `σ` wherever
 * it stands and `İ` is `i`, where `toLowerCase()` writes a final `ς` and turns `İ` into two characters.
 */
function foldCase(text: string): string {
  let folded = '';
  for (const character of text) folded += String.fromCodePoint(character.toLowerCase().codePointAt(0)!);
  return folded;
}
