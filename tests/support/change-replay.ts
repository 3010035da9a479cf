/**
 * What the change-log property tests share: random task operations for several users, and the client side
 * of sync — rebuilding the tasks and the lists by replaying changes in order.
 */
import fc from 'fast-check';

export type TaskOperation =
  | { kind: 'create'; user: number; title: string; description: string | null }
  | {
      kind: 'update';
      user: number;
      pick: number;
      title?: string;
      description?: string | null;
      completed?: boolean;
      labels?: string[];
      due_date?: string | null;
      repeat?: string | null;
      repeat_from?: string;
    }
  | { kind: 'complete'; user: number; pick: number; completed: boolean | 'toggle' }
  | { kind: 'delete'; user: number; pick: number }
  // A change to a label on all of the user's tasks: a rename (merging when `to` is another label) or a removal.
  | { kind: 'rename-label'; user: number; name: string; to: string }
  | { kind: 'delete-label'; user: number; name: string };

/** Mostly valid titles, sometimes blank or too long, so refused changes are exercised too. */
const title = fc.oneof(
  { weight: 8, arbitrary: fc.string({ minLength: 1, maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom('   ', 'x'.repeat(201)) },
);
const description = fc.option(fc.string({ maxLength: 30 }), { nil: null });
/** A few names, some one label in two cases, so renames merge; now and then a blank one, refused. */
const labelName = fc.constantFrom('Work', 'work', 'HOME', 'home', 'errands');
const labels = fc.array(fc.oneof({ weight: 9, arbitrary: labelName }, { weight: 1, arbitrary: fc.constant(' ') }), { maxLength: 3 });
/** Due dates long past, near and far, so that completing a repeating task moves it from each. */
const dueDate = fc.option(fc.constantFrom('1900-01-01', '2026-11-20', '2026-11-30', '2027-01-31'), { nil: null });
/**
 * Rules that move a task on by different steps, one that runs out (COUNT), and now and then one refused (FREQ=HOURLY,
 * or any of them on a task without a due date).
 */
const repeat = fc.option(
  fc.constantFrom('FREQ=DAILY', 'freq=weekly;byday=mo,th', 'FREQ=MONTHLY;BYMONTHDAY=31', 'FREQ=MONTHLY;BYDAY=-1FR', 'FREQ=DAILY;COUNT=2', 'FREQ=HOURLY'),
  { nil: null },
);
const repeatFrom = fc.constantFrom('due', 'completion');

/** One task operation of one of `users` users. */
function taskOperation(users: number): fc.Arbitrary<TaskOperation> {
  const user = fc.nat({ max: users - 1 });
  const pick = fc.nat();
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), user, title, description }) },
    {
      weight: 2,
      arbitrary: fc.record(
        {
          kind: fc.constant('update' as const),
          user,
          pick,
          title,
          description,
          completed: fc.boolean(),
          labels,
          due_date: dueDate,
          repeat,
          repeat_from: repeatFrom,
        },
        { requiredKeys: ['kind', 'user', 'pick'] },
      ),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('complete' as const), user, pick, completed: fc.constantFrom(true, false, 'toggle' as const) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), user, pick }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename-label' as const), user, name: labelName, to: labelName }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete-label' as const), user, name: labelName }) },
  );
}

export function taskOperations(users: number, maxLength: number): fc.Arbitrary<TaskOperation[]> {
  // Long enough that tasks get completed, reopened and deleted again, not just created.
  return fc.array(taskOperation(users), { minLength: Math.ceil(maxLength / 2), maxLength, size: 'max' });
}

/** A change to a user's lists, made among task operations (see `syncOperations`). */
export type ListOperation =
  | { kind: 'create-list'; user: number; name: string }
  | { kind: 'rename-list'; user: number; pick: number; name: string }
  // Moves one of the user's tasks (picked as `pick` picks) into one of their lists (`list`, among them by id).
  | { kind: 'move-to-list'; user: number; pick: number; list: number }
  // Deletes one of the user's lists with its tasks (refused for the inbox).
  | { kind: 'delete-list'; user: number; pick: number };

export type SyncOperation = TaskOperation | ListOperation;

/** A few list names, some one name in two cases (refused as taken), now and then a blank one (refused). */
const listName = fc.oneof({ weight: 9, arbitrary: fc.constantFrom('Work', 'work', 'Home', 'Errands') }, { weight: 1, arbitrary: fc.constant(' ') });

/** Task operations with changes to the users' lists among them: creates, renames, moves into lists and deletes. */
export function syncOperations(users: number, maxLength: number): fc.Arbitrary<SyncOperation[]> {
  const user = fc.nat({ max: users - 1 });
  const pick = fc.nat();
  const listOperation: fc.Arbitrary<ListOperation> = fc.oneof(
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('create-list' as const), user, name: listName }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename-list' as const), user, pick, name: listName }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('move-to-list' as const), user, pick, list: pick }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete-list' as const), user, pick }) },
  );
  const operation = fc.oneof({ weight: 2, arbitrary: taskOperation(users) }, { weight: 1, arbitrary: listOperation });
  return fc.array(operation, { minLength: Math.ceil(maxLength / 2), maxLength, size: 'max' });
}

/** The item `pick` picks among `items` taken in id order (a list, a task), or null when there is none. */
export function pickById<T extends { id: string }>(items: readonly T[], pick: number): T | null {
  return byId(items)[pick % Math.max(items.length, 1)] ?? null;
}

export type ReplayedChange =
  | { id: string; type: string; task_id: string; task: { id: string } | null; list_id?: never; list?: never }
  | { id: string; type: string; list_id: string; list: { id: string } | null; task_id?: never; task?: never };

/** What a client holds after a sync: its tasks (each naming its list) and its lists, by id. */
export interface Replayed<T, L> {
  tasks: Map<string, T>;
  lists: Map<string, L>;
}

/**
 * A client's sync: every change but a deletion puts the task or the list as it now is; a deletion removes it.
 * Tasks and lists are told apart by the id the change names.
 */
export function rebuild<T extends { id: string }, L extends { id: string }>(
  changes: readonly ReplayedChange[],
  held: Replayed<T, L> = { tasks: new Map(), lists: new Map() },
): Replayed<T, L> {
  for (const change of changes) {
    if (change.list_id === undefined) {
      if (change.type === 'task.deleted') held.tasks.delete(change.task_id);
      else held.tasks.set(change.task_id, change.task as unknown as T);
    } else if (change.type === 'list.deleted') held.lists.delete(change.list_id);
    else held.lists.set(change.list_id, change.list as unknown as L);
  }
  return held;
}

/** The tasks a sync rebuilds (see `rebuild`). */
export function replay<T extends { id: string }>(changes: readonly ReplayedChange[], tasks = new Map<string, T>()): Map<string, T> {
  return rebuild<T, { id: string }>(changes, { tasks, lists: new Map() }).tasks;
}

/** Tasks in a fixed order, for comparing two lists that should hold the same tasks. */
export function byId<T extends { id: string }>(tasks: Iterable<T>): T[] {
  return [...tasks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
