import { inject, injectable } from 'inversify';
import {
  DomainValidationError,
  TaskDescription,
  TaskDueDate,
  TaskLabels,
  TaskPriority,
  Position,
  TaskRepeat,
  TaskTitle,
  UserId,
  taskRepeatFrom,
  type ExpectedVersion,
} from '../../domain/index.js';
import type { IdGenerator } from '../ports/id-generator.js';
import { ownedListId } from './owned-list.js';
import { Command, type CommandHandler } from '../command-bus.js';
import type { Clock } from '../ports/clock.js';
import type { TaskView } from '../ports/task-read-model.js';
import type { UnitStores } from '../ports/unit-of-work.js';
import { toTaskView } from '../task-view.js';
import { TimeZone } from '../queries/time-zone.js';
import { TOKENS } from '../tokens.js';
import { loadOwnedTask } from './owned-task.js';
import { todayIn } from './today.js';

/**
 * An edit as the caller asked for it, in wire names and unvalidated; the handler turns it into the domain's
 * `TaskEdit`. (Not to be confused with a `TaskChange`, an entry of the owner's change log.)
 */
export interface RequestedTaskEdit {
  readonly title?: string;
  readonly description?: string | null;
  /** `YYYY-MM-DD`, or null to take the due date away. */
  readonly due_date?: string | null;
  readonly priority?: string;
  readonly completed?: boolean;
  /** The task's labels from now on, replacing the ones it has. */
  readonly labels?: readonly string[];
  /** Another of the owner's lists (or `inbox`): the task goes to the end of its top level, its subtasks with it. */
  readonly list_id?: string;
  /** An RFC 5545 RRULE the task repeats by from now on (it needs a due date), or null to stop it repeating. */
  readonly repeat?: string | null;
  /** `due` or `completion`: what the next due date of the repeating task is counted from when it is completed. */
  readonly repeat_from?: string;
}

/**
 * Changes any of title, description, due date, priority, completion, labels, list and repeat in one step; fields left
 * out stay as they are. A move to another list takes the task's subtasks along, each with a change of its own.
 * `timeZone` (an IANA name, UTC when left out) says which day it is for the caller: completing a repeating task moves
 * it to its rule's next date after that day.
 */
export class UpdateTaskCommand extends Command<TaskView> {
  constructor(
    readonly userId: string,
    readonly taskId: string,
    readonly changes: RequestedTaskEdit,
    readonly expectedVersion?: ExpectedVersion,
    readonly timeZone?: string,
  ) {
    super();
  }
}

@injectable()
export class UpdateTaskHandler implements CommandHandler<UpdateTaskCommand> {
  readonly commandType = UpdateTaskCommand;

  constructor(
    @inject(TOKENS.IdGenerator) private readonly ids: IdGenerator,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async handle(command: UpdateTaskCommand, stores: UnitStores): Promise<TaskView> {
    const { title, description, due_date: dueDate, priority, completed, labels, list_id: listId } = command.changes;
    const { repeat, repeat_from: repeatFrom } = command.changes;
    if ([title, description, dueDate, priority, completed, labels, listId, repeat, repeatFrom].every((field) => field === undefined)) {
      throw DomainValidationError.of(
        '',
        'Provide at least one of title, description, due_date, priority, completed, labels, list_id, repeat, repeat_from',
      );
    }
    const zone = TimeZone.parse(command.timeZone);
    // Validate the input before touching storage: a bad request costs no lock.
    const { actor, ...changes } = DomainValidationError.collect({
      actor: () => UserId.from(command.userId),
      title: () => (title === undefined ? undefined : TaskTitle.from(title)),
      description: () => (description === undefined ? undefined : TaskDescription.fromNullable(description)),
      dueDate: () => (dueDate === undefined ? undefined : TaskDueDate.fromNullable(dueDate)),
      priority: () => (priority === undefined ? undefined : TaskPriority.from(priority)),
      labels: () => (labels === undefined ? undefined : TaskLabels.from(labels)),
      repeat: () => (repeat === undefined ? undefined : TaskRepeat.fromNullable(repeat)),
      repeatFrom: () => (repeatFrom === undefined ? undefined : taskRepeatFrom(repeatFrom)),
    });
    const task = await loadOwnedTask(stores.tasks, actor, command.taskId, command.expectedVersion);
    const now = this.clock.now();
    const today = todayIn(zone, now);
    const target = listId === undefined ? null : await ownedListId({ lists: stores.lists, ids: this.ids, clock: this.clock }, actor, listId);
    if (!target || target.equals(task.listId)) {
      task.change(actor, { ...changes, completed }, now, today);
      await stores.tasks.persist(task);
      return toTaskView(task.snapshot());
    }
    const last = await stores.tasks.lastPositionUnder(actor, null, target);
    const subtasks = await stores.tasks.descendantsOf(actor, task.id);
    task.change(actor, { ...changes, completed, list: { listId: target, position: Position.endAfter(last, task.id.value) } }, now, today);
    await stores.tasks.persist(task);
    for (const subtask of subtasks) {
      subtask.move(actor, { listId: target, parentId: subtask.parentId, position: subtask.position }, now);
      await stores.tasks.persist(subtask);
    }
    return toTaskView(task.snapshot());
  }
}
