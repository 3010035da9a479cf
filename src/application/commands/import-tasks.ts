import { inject, injectable } from 'inversify';
import {
  DomainValidationError,
  LabelLimitReachedError,
  ListId,
  ListName,
  Position,
  Task,
  TaskDescription,
  TaskDueDate,
  TaskHierarchy,
  TaskHierarchyError,
  TaskId,
  TaskLabels,
  TaskList,
  TaskPriority,
  TaskRepeat,
  TaskTitle,
  UserId,
  taskRepeatFrom,
  type AncestorChain,
  type TaskPlacement,
  type ValidationIssue,
} from '../../domain/index.js';
import { Command, type CommandHandler } from '../command-bus.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { TaskIdLookup } from '../ports/task-id-lookup.js';
import type { UnitStores } from '../ports/unit-of-work.js';
import { TOKENS } from '../tokens.js';
import { inboxCandidate, INBOX_ALIAS } from './owned-list.js';

/**
 * One task as an export file holds it: the task's wire shape. Only `title` is required, so hand-written files
 * and files exported before tasks had due dates, priorities, subtasks, order and repeats work too; `user_id` is never
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
  /** The id (as the file gives it) of a list of the import, or `inbox`; none: its parent's list, else the inbox. */
  readonly list_id?: string | null | undefined;
  /** An RFC 5545 RRULE the task repeats by (it needs a due date); none: it does not repeat. */
  readonly repeat?: string | null | undefined;
  /** `due` or `completion`; none: `due`. */
  readonly repeat_from?: string | undefined;
}

/** One list as an export file holds it: the list's wire shape, of which only the name is required. */
export interface ImportedListRecord {
  /** What the import's tasks call the list by; never kept as the list's id. */
  readonly id?: string | undefined;
  readonly name: string;
  readonly is_inbox?: boolean | undefined;
  /** The list's place in the file's order of lists. */
  readonly position?: string | undefined;
}

/** Where one list of the import went: into a list the owner has, or a new one. */
export interface ImportedListReport {
  name: string;
  id: string;
  created: boolean;
}

export interface ImportReport {
  user_id: string;
  imported: number;
  /** Records whose id already named a stored task, and the new id each was given instead. */
  reassigned: { from: string; to: string }[];
  /** Each list of the import, in the order of the import. */
  lists: ImportedListReport[];
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
 *
 * Lists come in by name: the import's inbox is the owner's inbox, a list named as one the owner has (in any case) is
 * that list, and any other is created — with an id of its own, never the file's — after the owner's lists, in the
 * import's order, within the owner's list limit. A record's `list_id` names a list of the import by the id the file
 * gives it; a subtask is in its parent's list.
 */
export class ImportTasksCommand extends Command<ImportReport> {
  constructor(
    readonly userId: string,
    readonly records: readonly ImportedTaskRecord[],
    readonly lists: readonly ImportedListRecord[] = [],
  ) {
    super();
  }
}

@injectable()
export class ImportTasksHandler implements CommandHandler<ImportTasksCommand> {
  readonly commandType = ImportTasksCommand;

  constructor(
    @inject(TOKENS.TaskIdLookup) private readonly idLookup: TaskIdLookup,
    @inject(TOKENS.IdGenerator) private readonly ids: IdGenerator,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async handle(command: ImportTasksCommand, stores: UnitStores): Promise<ImportReport> {
    const owner = UserId.from(command.userId);
    const records = command.records;
    const issues: ValidationIssue[] = [];
    const fileLists = parseLists(command.lists, issues);
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
    const listKeys = listKeysOf(records, fileLists, parents, depths, issues);
    const given = givenPositions(records, issues);
    // A file with problems already is still read to the end, to name every problem at once, but it is placed nowhere:
    // it will not be written, and costs no read of the owner's lists and order.
    const placed = issues.length === 0;
    const inbox = await stores.lists.inboxIdOf(owner, inboxCandidate({ lists: stores.lists, ids: this.ids, clock: this.clock }, owner));
    const now = this.clock.now();
    const { targets, created, report } = placed ? await this.placeLists(stores, owner, inbox, fileLists, now) : { targets: [], created: [], report: [] };
    const listOf = (index: number): ListId => {
      const key = listKeys[index];
      // Unplaced, the records are only checked: any list will do.
      return key === undefined || key === INBOX_KEY || !placed ? inbox : targets[key]!.id;
    };
    const positions = placed ? await this.placePositions(stores, owner, records.map((_, index) => listOf(index)), parents, given, created) : [];
    const imported: Task[] = [];
    records.forEach((record, index) => {
      const parent = placed ? parents[index]! : null;
      const placement = { parentId: parent === null ? null : ids[parent]!, position: positions[index] ?? Position.first() };
      try {
        imported.push(importTask(record, ids[index]!, owner, now, listOf(index), placement));
      } catch (error) {
        if (!(error instanceof DomainValidationError)) throw error;
        issues.push(...error.issues.map((issue) => ({ path: `tasks[${index}].${issue.path}`, message: issue.message })));
      }
    });
    // Report every bad record at once, and write nothing unless every record is good.
    if (issues.length > 0) throw new DomainValidationError(issues);

    // The new lists before the tasks in them; parents before their subtasks (a subtask's row names its parent's); the
    // records' order within a level.
    for (const list of created) await stores.lists.persist(list);
    const byLevel = imported.map((task, index) => ({ task, depth: depths[index]! })).sort((a, b) => a.depth - b.depth);
    for (const { task } of byLevel) await stores.tasks.persist(task);
    return { user_id: owner.value, imported: imported.length, reassigned, lists: report };
  }

  /**
   * Where each list of the import goes (see `ImportTasksCommand`): the owner's inbox, a list of the owner's of that
   * name, or a new list, made here (and persisted by the caller) after the owner's last list in the import's order.
   */
  private async placeLists(
    stores: UnitStores,
    owner: UserId,
    inbox: ListId,
    fileLists: readonly FileList[],
    now: Date,
  ): Promise<{ targets: { id: ListId }[]; created: TaskList[]; report: ImportedListReport[] }> {
    const existing = await stores.lists.allOf(owner);
    const targets: { id: ListId; created: boolean }[] = new Array(fileLists.length);
    const created: TaskList[] = [];
    let last = existing.at(-1)?.position ?? null;
    for (const index of inFileOrder(fileLists)) {
      const { name, isInbox } = fileLists[index]!;
      const same = isInbox ? null : existing.find((list) => list.name.sameNameAs(name!));
      if (isInbox || same) {
        targets[index] = { id: isInbox ? inbox : same!.id, created: false };
        continue;
      }
      last = Position.between(last, null);
      const list = TaskList.create({ id: this.ids.newListId(), owner, name: name!, position: last, now });
      created.push(list);
      targets[index] = { id: list.id, created: true };
    }
    const report = fileLists.map(({ name }, index) => ({ name: name!.value, id: targets[index]!.id.value, created: targets[index]!.created }));
    return { targets, created, report };
  }

  /** Every record's position, group by group (see `ImportTasksCommand`); a group is a parent's, or a list's top level. */
  private async placePositions(
    stores: UnitStores,
    owner: UserId,
    lists: readonly ListId[],
    parents: readonly (number | null)[],
    given: readonly (Position | undefined)[],
    created: readonly TaskList[],
  ): Promise<Position[]> {
    const groups = new Map<string, { parent: number | null; list: ListId; members: number[] }>();
    parents.forEach((parent, index) => {
      const key = parent === null ? `list:${lists[index]!.value}` : `task:${parent}`;
      const group = groups.get(key) ?? { parent, list: lists[index]!, members: [] };
      group.members.push(index);
      groups.set(key, group);
    });
    const isNew = (list: ListId) => created.some((made) => made.id.equals(list));
    const positions: Position[] = [];
    for (const { parent, list, members } of groups.values()) {
      // An imported parent, and a list made by the import, are new: their groups start empty.
      const last = parent === null && !isNew(list) ? await stores.tasks.lastPositionUnder(owner, null, list) : null;
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

/** A list of the import once read: its name (null when invalid), whether it is the inbox, and its place. */
interface FileList {
  readonly key: string | null;
  readonly name: ListName | null;
  readonly isInbox: boolean;
  readonly position: Position | undefined;
}

/** The key of the owner's inbox among a record's lists (the others are indexes into the import's lists). */
const INBOX_KEY = 'inbox';
type ListKey = number | typeof INBOX_KEY;

/** How a task names a list of the import: its id as a list id (in any case), or as written when it is not one. */
function listKeyOf(raw: string): string {
  return ListId.tryParse(raw)?.value ?? raw;
}

/** Reads the import's lists, noting bad names, positions, a name or id given twice, and a second inbox. */
function parseLists(records: readonly ImportedListRecord[], issues: ValidationIssue[]): FileList[] {
  const lists: FileList[] = [];
  let inboxes = 0;
  records.forEach((record, index) => {
    const at = (field: string) => `lists[${index}].${field}`;
    let name: ListName | null = null;
    try {
      name = ListName.from(record.name);
    } catch (error) {
      if (!(error instanceof DomainValidationError)) throw error;
      issues.push(...error.issues.map((issue) => ({ path: at(issue.path), message: issue.message })));
    }
    if (name && lists.some((other) => other.name?.sameNameAs(name))) {
      issues.push({ path: at('name'), message: 'The import names this list more than once (in any case)' });
    }
    const key = record.id === undefined ? null : listKeyOf(record.id);
    if (key !== null && lists.some((other) => other.key === key)) issues.push({ path: at('id'), message: 'List id appears more than once in the import' });
    const isInbox = record.is_inbox === true;
    if (isInbox && ++inboxes > 1) issues.push({ path: at('is_inbox'), message: 'Only one list of the import can be the inbox' });
    let position: Position | undefined;
    try {
      position = record.position === undefined ? undefined : Position.from(record.position, at('position'));
    } catch (error) {
      if (!(error instanceof DomainValidationError)) throw error;
      issues.push(...error.issues);
    }
    lists.push({ key, name, isInbox, position });
  });
  return lists;
}

/** The import's lists in their order: by position when every list gives a distinct one, else as the file lists them. */
function inFileOrder(lists: readonly FileList[]): number[] {
  const indexes = lists.map((_, index) => index);
  const keys = lists.map((list) => list.position);
  if (!keys.every((key) => key !== undefined) || new Set(keys.map((key) => key.value)).size !== keys.length) return indexes;
  return indexes.sort((a, b) => Position.compare(keys[a]!, keys[b]!));
}

/**
 * Each record's list: the import's inbox is the owner's, and a record that names none is in its parent's list, or
 * on a top level in the inbox. A record naming a list the import does not have, or a subtask naming another list
 * than its parent's, is a problem with that record. Records refused for their place in the hierarchy (depth 0) are
 * left without a list.
 */
function listKeysOf(
  records: readonly ImportedTaskRecord[],
  lists: readonly FileList[],
  parents: readonly (number | null)[],
  depths: readonly number[],
  issues: ValidationIssue[],
): (ListKey | undefined)[] {
  const byKey = new Map<string, number>();
  lists.forEach((list, index) => list.key !== null && !byKey.has(list.key) && byKey.set(list.key, index));
  const named = records.map((record, index): ListKey | undefined => {
    if (record.list_id == null) return undefined;
    if (record.list_id === INBOX_ALIAS) return INBOX_KEY;
    const list = byKey.get(listKeyOf(record.list_id));
    if (list === undefined) {
      issues.push({ path: `tasks[${index}].list_id`, message: `list_id must be the id of a list in the import, ${INBOX_ALIAS}, or null` });
      return undefined;
    }
    return lists[list]!.isInbox ? INBOX_KEY : list;
  });
  const keys: (ListKey | undefined)[] = new Array(records.length);
  // Parents before their subtasks.
  const placed = records.map((_, index) => index).filter((index) => depths[index]! > 0).sort((a, b) => depths[a]! - depths[b]!);
  for (const index of placed) {
    const parent = parents[index]!;
    if (parent === null) {
      keys[index] = named[index] ?? INBOX_KEY;
      continue;
    }
    keys[index] = keys[parent];
    const own = named[index];
    if (own !== undefined && own !== keys[parent]) {
      issues.push({ path: `tasks[${index}].list_id`, message: "A subtask belongs to its parent's list: leave list_id out or name that list" });
    }
  }
  return keys;
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
    repeat: () => TaskRepeat.fromNullable(record.repeat ?? null),
    repeatFrom: () => (record.repeat_from === undefined ? 'due' : taskRepeatFrom(record.repeat_from)),
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
    repeat: fields.repeat,
    repeatFrom: fields.repeatFrom,
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
