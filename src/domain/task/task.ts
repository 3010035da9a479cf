import { ListId } from '../list/list-id.js';
import { AggregateRoot } from '../shared/aggregate-root.js';
import { DomainValidationError, type ValidationIssue } from '../shared/domain-error.js';
import { Position, type PositionGap } from '../shared/position.js';
import { TaskDescription } from './task-description.js';
import { TaskDueDate } from './task-due-date.js';
import { TaskNotFoundError, TaskVersionMismatchError } from './task-errors.js';
import { TaskHierarchyError } from './task-hierarchy.js';
import type { TaskEvent, TaskEventType, TaskSnapshot } from './task-events.js';
import { TaskId } from './task-id.js';
import { TaskLabels, type LabelName } from './task-labels.js';
import { TaskPriority } from './task-priority.js';
import { TaskRepeat, type TaskRepeatFrom } from './task-repeat.js';
import { TaskTitle } from './task-title.js';
import { UserId } from './user-id.js';

export const MAX_IMPORTED_VERSION = 1_000_000_000;

/** A version a change requires the task to be at, or several of which any will do (HTTP `If-Match` lists). */
export type ExpectedVersion = number | readonly number[];

/** The fields one edit may set; absent fields stay as they are. */
export interface TaskEdit {
  readonly title?: TaskTitle;
  readonly description?: TaskDescription | null;
  readonly dueDate?: TaskDueDate | null;
  readonly priority?: TaskPriority;
  readonly completed?: boolean;
  /** Another of the owner's lists, and the task's position at the end of its top level (the task leaves its parent). */
  readonly list?: { readonly listId: ListId; readonly position: Position };
  readonly labels?: TaskLabels;
  /** How the task repeats, or `null` for not at all. A repeat needs a due date; taking the due date away takes it too. */
  readonly repeat?: TaskRepeat | null;
  readonly repeatFrom?: TaskRepeatFrom;
}

/** Where a task sits: under which parent (`null` for the top level) and where among that parent's subtasks. */
export interface TaskPlacement {
  readonly parentId: TaskId | null;
  readonly position: Position;
}

/** A move: the placement, and the list the task goes to (its own list when left out). */
export interface TaskMove extends TaskPlacement {
  readonly listId?: ListId;
}

/**
 * A sibling group, ordered by position: the tasks under one parent (which all lie in its list), or the top level
 * (`parentId: null`) of one list.
 */
export interface SiblingGroup {
  readonly listId: ListId;
  readonly parentId: TaskId | null;
}

/**
 * A user's task. Every behaviour takes the acting user and refuses anyone but the owner with the same
 * error as a missing task. Each effective change bumps `version` once and records what happened; a change
 * that alters nothing records nothing.
 */
export class Task extends AggregateRoot<TaskEvent> {
  private constructor(
    readonly id: TaskId,
    readonly ownerId: UserId,
    private _title: TaskTitle,
    private _description: TaskDescription | null,
    private _dueDate: TaskDueDate | null,
    private _priority: TaskPriority,
    private _completedAt: Date | null,
    private _listId: ListId,
    private _parentId: TaskId | null,
    private _position: Position,
    private _labels: TaskLabels,
    private _repeat: TaskRepeat | null,
    private _repeatFrom: TaskRepeatFrom,
    readonly createdAt: Date,
    private _updatedAt: Date,
    private _version: number,
    private _deleted: boolean,
  ) {
    super();
  }

  static create(params: {
    id: TaskId;
    owner: UserId;
    title: TaskTitle;
    description: TaskDescription | null;
    dueDate?: TaskDueDate | null;
    priority?: TaskPriority;
    /** The owner's list it belongs to (the caller checked it is theirs, and its parent's). */
    listId: ListId;
    /** Where the task goes in its list; the start of the list's top level when not given. */
    placement?: TaskPlacement;
    labels?: TaskLabels;
    /** How it repeats (it then needs a due date), and from what (`due` when not given). */
    repeat?: TaskRepeat | null;
    repeatFrom?: TaskRepeatFrom;
    now: Date;
  }): Task {
    const { id, owner, title, description, dueDate = null, priority = TaskPriority.NONE, labels = TaskLabels.NONE, listId, now } = params;
    const { repeat = null, repeatFrom = 'due' } = params;
    const { parentId, position } = params.placement ?? { parentId: null, position: Position.first() };
    if (parentId?.equals(id)) throw new TaskHierarchyError('cycle');
    Task.assertRepeatable(repeat, dueDate);
    const task = new Task(id, owner, title, description, dueDate, priority, null, listId, parentId, position, labels, repeat, repeatFrom, now, now, 1, false);
    task.recordChange('task.created', params.now);
    return task;
  }

  /**
   * A task brought back from an export (or another system): it keeps its history — when it was created,
   * changed and completed, and its version — and records `task.created` at `now`, the moment it appears
   * here, carrying that full state. The history must hang together: nothing changed before it was created.
   */
  static import(params: {
    id: TaskId;
    owner: UserId;
    title: TaskTitle;
    description: TaskDescription | null;
    dueDate?: TaskDueDate | null;
    priority?: TaskPriority;
    completedAt: Date | null;
    listId: ListId;
    placement?: TaskPlacement;
    labels?: TaskLabels;
    repeat?: TaskRepeat | null;
    repeatFrom?: TaskRepeatFrom;
    createdAt: Date;
    updatedAt: Date;
    version: number;
    now: Date;
  }): Task {
    const { createdAt, updatedAt, completedAt, version } = params;
    const issues: ValidationIssue[] = [];
    for (const [path, date] of [['created_at', createdAt], ['updated_at', updatedAt], ['completed_at', completedAt]] as const) {
      if (date && Number.isNaN(date.getTime())) issues.push({ path, message: `${path} must be a valid point in time` });
    }
    // Leaves room below PostgreSQL's integer limit for the task to go on changing after the import.
    if (!Number.isInteger(version) || version < 1 || version > MAX_IMPORTED_VERSION) {
      issues.push({ path: 'version', message: `Version must be a whole number from 1 to ${MAX_IMPORTED_VERSION}` });
    }
    if (updatedAt < createdAt) {
      issues.push({ path: 'updated_at', message: 'updated_at must not be before created_at' });
    }
    if (completedAt && (completedAt < createdAt || completedAt > updatedAt)) {
      issues.push({ path: 'completed_at', message: 'completed_at must lie between created_at and updated_at' });
    }
    if (issues.length > 0) throw new DomainValidationError(issues);
    const { dueDate = null, priority = TaskPriority.NONE, repeat = null, repeatFrom = 'due' } = params;
    const { parentId, position } = params.placement ?? { parentId: null, position: Position.first() };
    if (parentId?.equals(params.id)) throw new TaskHierarchyError('cycle');
    Task.assertRepeatable(repeat, dueDate);
    const task = new Task(
      params.id,
      params.owner,
      params.title,
      params.description,
      dueDate,
      priority,
      completedAt,
      params.listId,
      parentId,
      position,
      params.labels ?? TaskLabels.NONE,
      repeat,
      repeatFrom,
      createdAt,
      updatedAt,
      version,
      false,
    );
    task.recordChange('task.created', params.now);
    return task;
  }

  /** Rebuilds a stored task; records nothing. */
  static rehydrate(snapshot: TaskSnapshot): Task {
    return new Task(
      TaskId.from(snapshot.id),
      UserId.from(snapshot.ownerId),
      TaskTitle.from(snapshot.title),
      TaskDescription.fromNullable(snapshot.description),
      TaskDueDate.fromNullable(snapshot.dueDate),
      TaskPriority.from(snapshot.priority),
      snapshot.completed ? (snapshot.completedAt ?? snapshot.updatedAt) : null,
      ListId.from(snapshot.listId),
      snapshot.parentId === null ? null : TaskId.from(snapshot.parentId),
      Position.from(snapshot.position),
      TaskLabels.from(snapshot.labels),
      TaskRepeat.fromNullable(snapshot.repeat),
      snapshot.repeatFrom,
      snapshot.createdAt,
      snapshot.updatedAt,
      snapshot.version,
      false,
    );
  }

  get title(): TaskTitle {
    return this._title;
  }
  get description(): TaskDescription | null {
    return this._description;
  }
  get dueDate(): TaskDueDate | null {
    return this._dueDate;
  }
  get priority(): TaskPriority {
    return this._priority;
  }
  get completed(): boolean {
    return this._completedAt !== null;
  }
  get completedAt(): Date | null {
    return this._completedAt;
  }
  get listId(): ListId {
    return this._listId;
  }
  get parentId(): TaskId | null {
    return this._parentId;
  }
  get position(): Position {
    return this._position;
  }
  get labels(): TaskLabels {
    return this._labels;
  }
  get repeat(): TaskRepeat | null {
    return this._repeat;
  }
  get repeatFrom(): TaskRepeatFrom {
    return this._repeatFrom;
  }
  get updatedAt(): Date {
    return this._updatedAt;
  }
  get version(): number {
    return this._version;
  }
  get isDeleted(): boolean {
    return this._deleted;
  }

  /**
   * Optimistic concurrency: the caller saw `expected` (or any one of several versions); refuse if the task is
   * at none of them.
   */
  assertVersion(expected: ExpectedVersion | undefined): void {
    if (expected === undefined) return;
    const versions = typeof expected === 'number' ? [expected] : expected;
    if (!versions.includes(this._version)) throw new TaskVersionMismatchError(versions[0] ?? 0, this._version);
  }

  rename(actor: UserId, title: TaskTitle, now: Date): void {
    this.change(actor, { title }, now);
  }

  describe(actor: UserId, description: TaskDescription | null, now: Date): void {
    this.change(actor, { description }, now);
  }

  /** Sets the day the task is due, or with `null` takes the due date away. */
  schedule(actor: UserId, dueDate: TaskDueDate | null, now: Date): void {
    this.change(actor, { dueDate }, now);
  }

  prioritize(actor: UserId, priority: TaskPriority, now: Date): void {
    this.change(actor, { priority }, now);
  }

  /** Sets the task's labels; the same labels in another order change nothing. */
  label(actor: UserId, labels: TaskLabels, now: Date): void {
    this.change(actor, { labels }, now);
  }

  /**
   * Renames the label `key` to `to` on this task, merging it with a label already spelled like `to` in any case
   * (see `TaskLabels.renamed`). A task without either label, or already spelled that way, records nothing.
   */
  renameLabel(actor: UserId, key: string, to: LabelName, now: Date): void {
    this.change(actor, { labels: this._labels.renamed(key, to) }, now);
  }

  /** Takes the label `key` off this task; a task without it records nothing. */
  removeLabel(actor: UserId, key: string, now: Date): void {
    this.change(actor, { labels: this._labels.without(key) }, now);
  }

  /**
   * Completes the task. A repeating task moves on to its next date instead, if its rule has one (see `change`);
   * `today` is the day it is completed on, in the completer's time zone (the UTC date of `now` when not given).
   */
  complete(actor: UserId, now: Date, today?: TaskDueDate): void {
    this.change(actor, { completed: true }, now, today);
  }

  reopen(actor: UserId, now: Date): void {
    this.change(actor, { completed: false }, now);
  }

  toggle(actor: UserId, now: Date, today?: TaskDueDate): void {
    this.change(actor, { completed: !this.completed }, now, today);
  }

  /**
   * Applies several field changes as one change: one version bump, one event per kind of change.
   *
   * Completing a pending repeating task does not close it while its rule has another date: the task stays pending
   * with `due_date` moved to that date and one occurrence of a COUNT used, and records `task.repeated`. The next
   * date is the rule's first after the due date and after `today` (the day of completion in the completer's time
   * zone; the UTC date of `now` when not given), counted from the due date — or, with `repeat_from` `completion`,
   * the rule's first after `today` counted from `today`. When the rule has no more dates (the last of its COUNT,
   * past its UNTIL), the completion closes the task as any other, keeping the rule, so that reopening it does too.
   */
  change(actor: UserId, changes: TaskEdit, now: Date, today: TaskDueDate = TaskDueDate.from(now.toISOString().slice(0, 10))): void {
    this.assertOwnedBy(actor);
    const renamed = changes.title !== undefined && !changes.title.equals(this._title);
    const redescribed =
      changes.description !== undefined && !TaskDescription.equal(changes.description, this._description);
    const rescheduled = changes.dueDate !== undefined && !TaskDueDate.equal(changes.dueDate, this._dueDate);
    const reprioritized = changes.priority !== undefined && !changes.priority.equals(this._priority);
    const completionChanged = changes.completed !== undefined && changes.completed !== this.completed;
    const moved = changes.list !== undefined && !changes.list.listId.equals(this._listId);
    const relabelled = changes.labels !== undefined && !changes.labels.equals(this._labels);
    const dueDate = changes.dueDate !== undefined ? changes.dueDate : this._dueDate;
    // Taking the due date away takes the repeat with it, unless the same change asks for one (refused below).
    const repeat = changes.repeat !== undefined ? changes.repeat : changes.dueDate === null ? null : this._repeat;
    const repeatChanged = !TaskRepeat.equal(repeat, this._repeat);
    const repeatFromChanged = changes.repeatFrom !== undefined && changes.repeatFrom !== this._repeatFrom;
    if (repeatChanged || rescheduled) Task.assertRepeatable(repeat, dueDate);
    const updated = renamed || redescribed || rescheduled || reprioritized || relabelled || moved || repeatChanged || repeatFromChanged;
    if (!updated && !completionChanged) return;

    if (renamed) this._title = changes.title!;
    if (redescribed) this._description = changes.description!;
    if (rescheduled) this._dueDate = changes.dueDate!;
    if (reprioritized) this._priority = changes.priority!;
    if (relabelled) this._labels = changes.labels!;
    if (repeatChanged) this._repeat = repeat;
    if (repeatFromChanged) this._repeatFrom = changes.repeatFrom!;
    const repeated = completionChanged && changes.completed === true ? this.nextOccurrence(today) : null;
    if (repeated) {
      this._dueDate = repeated.dueDate;
      this._repeat = repeated.repeat;
    } else if (completionChanged) {
      this._completedAt = changes.completed ? now : null;
    }
    if (moved) {
      this._listId = changes.list!.listId;
      this._parentId = null;
      this._position = changes.list!.position;
    }
    this.touch(now);

    if (updated) this.recordChange('task.updated', now);
    if (repeated) this.recordChange('task.repeated', now);
    else if (completionChanged) this.recordChange(this.completed ? 'task.completed' : 'task.reopened', now);
  }

  /**
   * Puts the task somewhere else in the manual order, under another parent or none, in its list or (with
   * `listId`) in another of the owner's lists. The caller has checked the placement against the hierarchy
   * (`TaskHierarchy.assertPlacement`) with the new parent's ancestors, and that a parent is in the same list, and
   * moves the task's subtasks along to another list; moving a task under itself is refused here too. Records
   * `task.updated`; a move to where it already is records nothing.
   */
  move(actor: UserId, placement: TaskMove, now: Date): void {
    this.assertOwnedBy(actor);
    if (placement.parentId?.equals(this.id)) throw new TaskHierarchyError('cycle');
    const sameList = placement.listId === undefined || placement.listId.equals(this._listId);
    if (sameList && this.isUnder(placement.parentId) && placement.position.equals(this._position)) return;
    if (placement.listId) this._listId = placement.listId;
    this._parentId = placement.parentId;
    this._position = placement.position;
    this.touch(now);
    this.recordChange('task.updated', now);
  }

  /**
   * Moves the task into `gap` of the sibling group `group` (checked as for `move`). A task already inside that
   * gap of that group stays where it is, recording nothing; otherwise it takes a new key between the two neighbours.
   */
  moveInto(actor: UserId, group: SiblingGroup, gap: PositionGap, now: Date): void {
    const { listId, parentId } = group;
    const stays = this.isUnder(parentId) && listId.equals(this._listId) && this._position.isWithin(gap);
    const position = stays ? this._position : Position.within(gap);
    this.move(actor, { listId, parentId, position }, now);
  }

  delete(actor: UserId, now: Date): void {
    this.assertOwnedBy(actor);
    if (this._deleted) throw new TaskNotFoundError();
    this._deleted = true;
    this.touch(now);
    this.recordChange('task.deleted', now);
  }

  snapshot(): TaskSnapshot {
    return {
      id: this.id.value,
      ownerId: this.ownerId.value,
      title: this._title.value,
      description: this._description?.value ?? null,
      dueDate: this._dueDate?.value ?? null,
      priority: this._priority.value,
      completed: this.completed,
      completedAt: this._completedAt,
      listId: this._listId.value,
      parentId: this._parentId?.value ?? null,
      position: this._position.value,
      labels: this._labels.values,
      repeat: this._repeat?.value ?? null,
      repeatFrom: this._repeatFrom,
      createdAt: this.createdAt,
      updatedAt: this._updatedAt,
      version: this._version,
    };
  }

  /** A repeat needs a due date to count from, and a date it can reach after it. */
  private static assertRepeatable(repeat: TaskRepeat | null, dueDate: TaskDueDate | null): void {
    if (repeat === null) return;
    if (dueDate === null) throw DomainValidationError.of('repeat', 'A repeating task needs a due date: give due_date too');
    if (!repeat.reachesBeyond(dueDate.value)) {
      throw DomainValidationError.of('repeat', 'repeat can never happen after the due date: no date matches the rule');
    }
  }

  /**
   * Where completing the task today takes it when it repeats: the next date of its rule and the rule with one
   * occurrence used; null when it does not repeat or its rule has no date left (see `change`).
   */
  private nextOccurrence(today: TaskDueDate): { dueDate: TaskDueDate; repeat: TaskRepeat } | null {
    const repeat = this._repeat;
    const due = this._dueDate;
    if (repeat === null || due === null || repeat.occurrencesLeft === 1) return null;
    const next =
      this._repeatFrom === 'completion'
        ? repeat.nextAfter(today.value, today.value)
        : repeat.nextAfter(due.value, due.value > today.value ? due.value : today.value);
    return next === null ? null : { dueDate: TaskDueDate.from(next), repeat: repeat.withOneOccurrenceUsed() };
  }

  /** Whether the task's parent is `parentId` (`null`: whether it is on the top level). */
  private isUnder(parentId: TaskId | null): boolean {
    return parentId === null ? this._parentId === null : this._parentId !== null && parentId.equals(this._parentId);
  }

  private assertOwnedBy(actor: UserId): void {
    if (!this.ownerId.equals(actor) || this._deleted) throw new TaskNotFoundError();
  }

  private touch(now: Date): void {
    // Never let updated_at run backwards, even if the clock does.
    this._updatedAt = now > this._updatedAt ? now : this._updatedAt;
    this._version += 1;
  }

  private recordChange(type: TaskEventType, now: Date): void {
    this.record({
      type,
      taskId: this.id.value,
      ownerId: this.ownerId.value,
      occurredAt: now,
      task: this._deleted ? null : this.snapshot(),
    });
  }
}
