import { inject, injectable } from 'inversify';
import {
  DomainValidationError,
  Position,
  Task,
  TaskDescription,
  TaskDueDate,
  TaskId,
  TaskPriority,
  TaskTitle,
  UserId,
  type TaskRepository,
  type ValidationIssue,
} from '../../domain/index.js';
import { Command, type CommandHandler } from '../command-bus.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { TaskIdLookup } from '../ports/task-id-lookup.js';
import { TOKENS } from '../tokens.js';

/**
 * One task as an export file holds it: the task's wire shape. Only `title` is required, so hand-written files
 * and files exported before tasks had due dates and priorities work too; `user_id` is never read — the
 * command names the owner.
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
  /** The task's place in manual order, kept when the owner has no top-level task yet (a restore). */
  readonly position?: string | undefined;
}

export interface ImportReport {
  user_id: string;
  imported: number;
  /** Records whose id already named a stored task, and the new id each was given instead. */
  reassigned: { from: string; to: string }[];
}

/**
 * Brings tasks into one user's list, all or nothing: every record is validated by the domain's value objects
 * before anything is written, and the whole import is one unit of work. Each task keeps its id unless that
 * id is taken, and its history (timestamps, completion, version); each records `task.created`. Into an owner with
 * no top-level task, records that all give distinct positions keep them, so that a backup restores its order;
 * otherwise the tasks go to the end of the owner's top level, in the order of the records.
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
    @inject(TOKENS.TaskIdLookup) private readonly idLookup: TaskIdLookup,
    @inject(TOKENS.IdGenerator) private readonly ids: IdGenerator,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async handle(command: ImportTasksCommand): Promise<ImportReport> {
    const owner = UserId.from(command.userId);
    const issues: ValidationIssue[] = [];
    const givenIds = this.parseIds(command.records, issues);
    const taken = await this.idLookup.taken([...new Set(givenIds.filter((id) => id !== null).map((id) => id.value))]);

    const now = this.clock.now();
    let position = await this.tasks.lastPositionUnder(owner, null);
    const given = command.records.map((record) => record.position);
    const keepPositions =
      position === null && given.every((raw) => raw !== undefined) && new Set(given).size === given.length;
    const imported: Task[] = [];
    const reassigned: ImportReport['reassigned'] = [];
    command.records.forEach((record, index) => {
      const given = givenIds[index] ?? null;
      const id = given && !taken.has(given.value) ? given : this.ids.newTaskId();
      if (given && id !== given) reassigned.push({ from: given.value, to: id.value });
      try {
        position = keepPositions ? Position.from(record.position!) : Position.between(position, null);
        imported.push(importTask(record, id, owner, now, position));
      } catch (error) {
        if (!(error instanceof DomainValidationError)) throw error;
        issues.push(...error.issues.map((issue) => ({ path: `tasks[${index}].${issue.path}`, message: issue.message })));
      }
    });
    // Report every bad record at once, and write nothing unless every record is good.
    if (issues.length > 0) throw new DomainValidationError(issues);

    for (const task of imported) await this.tasks.persist(task);
    return { user_id: owner.value, imported: imported.length, reassigned };
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

function importTask(record: ImportedTaskRecord, id: TaskId, owner: UserId, now: Date, position: Position): Task {
  const fields = DomainValidationError.collect({
    title: () => TaskTitle.from(record.title),
    description: () => TaskDescription.fromNullable(record.description ?? null),
    dueDate: () => TaskDueDate.fromNullable(record.due_date ?? null),
    priority: () => (record.priority === undefined ? TaskPriority.NONE : TaskPriority.from(record.priority)),
    createdAt: () => (record.created_at === undefined ? now : parseTimestamp('created_at', record.created_at)),
    updatedAt: () => (record.updated_at === undefined ? null : parseTimestamp('updated_at', record.updated_at)),
    completedAt: () => (record.completed_at == null ? null : parseTimestamp('completed_at', record.completed_at)),
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
    placement: { parentId: null, position },
    now,
  });
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
