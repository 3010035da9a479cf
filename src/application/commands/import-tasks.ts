import { inject, injectable } from 'inversify';
import {
  DomainValidationError,
  LabelLimitReachedError,
  Position,
  Task,
  TaskDescription,
  TaskDueDate,
  TaskHierarchy,
  TaskHierarchyError,
  TaskId,
  TaskLabels,
  TaskPriority,
  TaskTitle,
  UserId,
  type AncestorChain,
  type TaskPlacement,
  type TaskRepository,
  type ValidationIssue,
  type ListId,
  type TaskListRepository,
} from '../../domain/index.js';
import { Command, type CommandHandler } from '../command-bus.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { TaskIdLookup } from '../ports/task-id-lookup.js';
import { TOKENS } from '../tokens.js';
import { inboxCandidate } from './owned-list.js';

/**
 * One task as an export file holds it: the task's wire shape. Only `title` is required, so hand-written files
 * and files exported before tasks had due dates, priorities, subtasks and order work too; `user_id` is never
 * read — the command names the owner.
 */
export interface ImportedTaskRecord {
  readonly id?: string | undefined;
  readonly title: string;
  readonly description?: string | null | undefined;
  readonly due_date?: string | null | undefined;
  readonly priority?: string | undefined;
  readonly completed?: boolean | undefined;
  readonly completed_at?: string | null | undefined;
  readonly created_at?: string | undefined;
  readonly updated_at?: string | undefined;
  readonly version?: number | undefined;
  readonly labels?: readonly string[] | undefined;
  /** The id (as the file gives it) of another record of the import that this task is a subtask of; none: top level. */
  readonly parent_id?: string | null | undefined;
  /** The task's place in manual order among its siblings; see `ImportTasksCommand` for when it is kept. */
  readonly position?: string | undefined;
}

export interface ImportReport {
  user_id: string;
  imported: number;
  /** Records whose id already named a stored task, and the new id each was given instead. */
  reassigned: { from: string; to: string }[];
}

/**
 * Brings tasks into one user's tasks, all or nothing: every record is validated by the domain's value objects
 * and hierarchy rules before anything is written, and the whole import is one unit of work. Each task keeps its id
 * unless that id is taken, and its history (timestamps, completion, version); each records `task.created`.
 *
 * A record's `parent_id` names another record of the import (by the id the file gives it, even when that id is
 * taken and the parent gets a new one): the hierarchy comes in as it was, parents written before their subtasks.
 * Order is kept per sibling group: a group that is empty before the import (always so under an imported parent)
 * and whose records all give distinct positions keeps them, so that a backup restores its order exactly;
 * otherwise the group's records go to its end, in the order of their positions when all give one, else in the
 * order of the records.
 */
export class ImportTasksCommand extends Command<ImportReport> {
  constructor(
    readonly userId: string,
    readonly records: readonly ImportedTaskRecord[],
  ) {
    super();
  }
}

@injectable()
export class ImportTasksHandler implements CommandHandler<ImportTasksCommand> {
  readonly commandType = ImportTasksCommand;

  constructor(
    @inject(TOKENS.TaskRepository) private readonly tasks: TaskRepository,
    @inject(TOKENS.TaskListRepository) private readonly lists: TaskListRepository,
    @inject(TOKENS.TaskIdLookup) private readonly idLookup: TaskIdLookup,
    @inject(TOKENS.IdGenerator) private readonly ids: IdGenerator,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async handle(command: ImportTasksCommand): Promise<ImportReport> {
    const owner = UserId.from(command.userId);
    const records = command.records;
    const issues: ValidationIssue[] = [];
    const givenIds = this.parseIds(records, issues);
    const taken = await this.idLookup.taken([...new Set(givenIds.filter((id) => id !== null).map((id) => id.value))]);
    const reassigned: ImportReport['reassigned'] = [];
    const ids = givenIds.map((given) => {
      const id = given && !taken.has(given.value) ? given : this.ids.newTaskId();
      if (given && id !== given) reassigned.push({ from: given.value, to: id.value });
      return id;
    });
    const parents = parentsOf(records, givenIds, issues);
    const depths = depthsOf(parents, ids, issues);
    const given = givenPositions(records, issues);
    // A file with problems already is still read to the end, to name every problem at once, but it is placed nowhere:
    // it will not be written, and costs no read of the owner's order.
    const placed = issues.length === 0;
    // Imported tasks go to the inbox, after the tasks already on its top level.
    const inbox = await this.lists.inboxIdOf(owner, inboxCandidate({ lists: this.lists, ids: this.ids, clock: this.clock }, owner));
    const positions = placed ? await this.placePositions(owner, inbox, parents, given) : [];
    const now = this.clock.now();
    const imported: Task[] = [];
    records.forEach((record, index) => {
      const parent = placed ? parents[index]! : null;
      const placement = { parentId: parent === null ? null : ids[parent]!, position: positions[index] ?? Position.first() };
      try {
        imported.push(importTask(record, ids[index]!, owner, now, inbox, placement));
      } catch (error) {
        if (!(error instanceof DomainValidationError)) throw error;
        issues.push(...error.issues.map((issue) => ({ path: `tasks[${index}].${issue.path}`, message: issue.message })));
      }
    });
    // Report every bad record at once, and write nothing unless every record is good.
    if (issues.length > 0) throw new DomainValidationError(issues);

    // Parents before their subtasks (a subtask's row names its parent's); the records' order within a level.
    const byLevel = imported.map((task, index) => ({ task, depth: depths[index]! })).sort((a, b) => a.depth - b.depth);
    for (const { task } of byLevel) await this.tasks.persist(task);
    return { user_id: owner.value, imported: imported.length, reassigned };
  }

  /** Every record's position, group by group (see `ImportTasksCommand`). */
  private async placePositions(
    owner: UserId,
    list: ListId,
    parents: readonly (number | null)[],
    given: readonly (Position | undefined)[],
  ): Promise<Position[]> {
    const groups = new Map<number | null, number[]>();
    parents.forEach((parent, index) => groups.set(parent, [...(groups.get(parent) ?? []), index]));
    const positions: Position[] = [];
    for (const [parent, members] of groups) {
      // An imported parent is new: its group starts empty.
      const last = parent === null ? await this.tasks.lastPositionUnder(owner, null, list) : null;
      const keys = members.map((index) => given[index]);
      const all = keys.every((key) => key !== undefined);
      if (last === null && all && new Set(keys.map((key) => key.value)).size === keys.length) {
        members.forEach((index) => (positions[index] = given[index]!));
        continue;
      }
      const order = all ? [...members].sort((a, b) => Position.compare(given[a]!, given[b]!)) : members;
      let position = last;
      for (const index of order) positions[index] = position = Position.between(position, null);
    }
    return positions;
  }

  /** Each record's id (null when it has none), noting malformed ids and ids given twice. */
  private parseIds(records: readonly ImportedTaskRecord[], issues: ValidationIssue[]): (TaskId | null)[] {
    const seen = new Set<string>();
    return records.map((record, index) => {
      if (record.id === undefined) return null;
      const id = TaskId.tryParse(record.id);
      if (!id) {
        issues.push({ path: `tasks[${index}].id`, message: 'Task id must be a UUID' });
      } else if (seen.has(id.value)) {
        issues.push({ path: `tasks[${index}].id`, message: 'Task id appears more than once in the import' });
      }
      if (id) seen.add(id.value);
      return id;
    });
  }
}

/**
 * Each record's parent as the index of the record it names (null: the top level). A parent that is not a record of
 * the import is a problem with the record: an import never hangs tasks under tasks already stored.
 */
function parentsOf(records: readonly ImportedTaskRecord[], givenIds: readonly (TaskId | null)[], issues: ValidationIssue[]): (number | null)[] {
  const indexOf = new Map<string, number>();
  givenIds.forEach((id, index) => id && !indexOf.has(id.value) && indexOf.set(id.value, index));
  return records.map((record, index) => {
    if (record.parent_id == null) return null;
    const parent = indexOf.get(TaskId.tryParse(record.parent_id)?.value ?? '');
    if (parent === undefined) {
      issues.push({ path: `tasks[${index}].parent_id`, message: 'parent_id must be the id of another task in the import, or null' });
      return null;
    }
    return parent;
  });
}

/**
 * Each record's level (1: the top level), after the domain's hierarchy rules: a record under itself or its own
 * subtasks (a cycle), or on a level deeper than tasks nest, is a problem with that record. The subtasks of a
 * refused record are refused with it, without a problem of their own.
 */
function depthsOf(parents: readonly (number | null)[], ids: readonly TaskId[], issues: ValidationIssue[]): number[] {
  // A record's chain: its own id, then its ancestors' ids, nearest first; null once refused.
  const chains: (AncestorChain | null | undefined)[] = new Array(parents.length);
  const refuse = (index: number, error: TaskHierarchyError) => {
    issues.push({ path: `tasks[${index}].${error.path}`, message: error.message });
    chains[index] = null;
  };
  for (let start = 0; start < parents.length; start++) {
    // Walks up from the record to an ancestor already placed (or the top level), or round a cycle.
    const path: number[] = [];
    const onPath = new Set<number>();
    let at: number | null = start;
    while (at !== null && chains[at] === undefined && !onPath.has(at)) {
      path.push(at);
      onPath.add(at);
      at = parents[at]!;
    }
    let above: AncestorChain | null = at === null ? [] : (chains[at] ?? null);
    if (at !== null && chains[at] === undefined) {
      // `at` is on the path: it and the records after it form a cycle; the ones before it hang under the cycle.
      const cycle = path.splice(path.indexOf(at));
      for (const index of cycle) refuse(index, new TaskHierarchyError('cycle'));
      above = null;
    }
    for (const index of path.reverse()) {
      if (above === null) {
        chains[index] = null;
        continue;
      }
      try {
        TaskHierarchy.assertPlacement(ids[index]!, above.length === 0 ? null : above);
        above = chains[index] = [ids[index]!.value, ...above];
      } catch (error) {
        if (!(error instanceof TaskHierarchyError)) throw error;
        refuse(index, error);
        above = null;
      }
    }
  }
  return chains.map((chain) => chain?.length ?? 0);
}

/** Each record's position as given (undefined when it gives none); a key the scheme would not make is a problem. */
function givenPositions(records: readonly ImportedTaskRecord[], issues: ValidationIssue[]): (Position | undefined)[] {
  return records.map((record, index) => {
    if (record.position === undefined) return undefined;
    try {
      return Position.from(record.position, `tasks[${index}].position`);
    } catch (error) {
      if (!(error instanceof DomainValidationError)) throw error;
      issues.push(...error.issues);
      return undefined;
    }
  });
}

function importTask(record: ImportedTaskRecord, id: TaskId, owner: UserId, now: Date, listId: ListId, placement: TaskPlacement): Task {
  const fields = DomainValidationError.collect({
    title: () => TaskTitle.from(record.title),
    description: () => TaskDescription.fromNullable(record.description ?? null),
    dueDate: () => TaskDueDate.fromNullable(record.due_date ?? null),
    priority: () => (record.priority === undefined ? TaskPriority.NONE : TaskPriority.from(record.priority)),
    createdAt: () => (record.created_at === undefined ? now : parseTimestamp('created_at', record.created_at)),
    updatedAt: () => (record.updated_at === undefined ? null : parseTimestamp('updated_at', record.updated_at)),
    completedAt: () => (record.completed_at == null ? null : parseTimestamp('completed_at', record.completed_at)),
    labels: () => importedLabels(record.labels ?? []),
  });
  const completed = record.completed ?? fields.completedAt !== null;
  if (!completed && fields.completedAt !== null) {
    throw DomainValidationError.of('completed_at', 'completed_at must be null when completed is false');
  }
  // Missing times are filled in from the ones given: a task last changed when it was completed, or created.
  const updatedAt = fields.updatedAt ?? fields.completedAt ?? fields.createdAt;
  const completedAt = completed ? (fields.completedAt ?? updatedAt) : null;
  return Task.import({
    id,
    owner,
    title: fields.title,
    description: fields.description,
    dueDate: fields.dueDate,
    priority: fields.priority,
    completedAt,
    createdAt: fields.createdAt,
    updatedAt,
    version: record.version ?? 1,
    listId,
    placement,
    labels: fields.labels,
    now,
  });
}

/** A record's labels; too many is a problem with that record, named with the rest. */
function importedLabels(labels: readonly string[]): TaskLabels {
  try {
    return TaskLabels.from(labels);
  } catch (error) {
    if (error instanceof LabelLimitReachedError) throw DomainValidationError.of('labels', error.message);
    throw error;
  }
}

// ISO 8601 with a date, a time and an offset: what exports hold. Looser forms (`Date.parse` takes many)
// would read differently depending on where the import runs.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** February 30th rolls over to March in JavaScript; the date as written must exist. */
function isCalendarDate(raw: string): boolean {
  const [year, month, day] = raw.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function parseTimestamp(path: string, raw: string): Date {
  const date = new Date(raw);
  // Years 1-9999 only: JavaScript takes year 0 and impossible dates that PostgreSQL refuses.
  const year = date.getUTCFullYear();
  if (!ISO_8601.test(raw) || Number.isNaN(date.getTime()) || year < 1 || year > 9999 || !isCalendarDate(raw)) {
    throw DomainValidationError.of(path, `${path} must be an ISO 8601 date-time with an offset, e.g. 2026-11-25T10:00:00.000Z`);
  }
  return date;
}
