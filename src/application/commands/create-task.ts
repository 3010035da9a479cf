import { inject, injectable } from 'inversify';
import {
  DomainValidationError,
  Position,
  Task,
  TaskDescription,
  TaskDueDate,
  TaskHierarchy,
  TaskId,
  TaskLabels,
  TaskNotFoundError,
  TaskPriority,
  TaskRepeat,
  TaskTitle,
  UserId,
  taskRepeatFrom,
  type ListId,
} from '../../domain/index.js';
import { Command, type CommandHandler } from '../command-bus.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { TaskView } from '../ports/task-read-model.js';
import type { UnitStores } from '../ports/unit-of-work.js';
import { toTaskView } from '../task-view.js';
import { TOKENS } from '../tokens.js';
import { inboxCandidate, ownedListId, type ListAccess } from './owned-list.js';

/**
 * A new task. Left out (undefined), the due date is none and the priority `none`. They stay undefined rather than
 * take their defaults here, so that a request without them is the same command it was before they existed
 * (idempotent retries compare commands). `parentId` makes it a subtask of that task, which must be the owner's (else
 * the task is not found, as a missing one); it goes to the end of its parent's subtasks, or of the top level.
 * `labels` are the task's labels (none when left out). `listId` (a list id or `inbox`) is the owner's list it goes
 * to: a subtask's parent's list when left out (and named, it must be that list), else the inbox. `repeat` is an RFC 5545
 * RRULE the task repeats by (it then needs a due date), `repeatFrom` what its next due date is counted from when it
 * is completed (`due` or `completion`; `due` when left out).
 */
export class CreateTaskCommand extends Command<TaskView> {
  constructor(
    readonly userId: string,
    readonly title: string,
    readonly description: string | null = null,
    readonly dueDate?: string | null,
    readonly priority?: string,
    readonly parentId?: string | null,
    readonly labels?: readonly string[],
    readonly listId?: string | null,
    readonly repeat?: string | null,
    readonly repeatFrom?: string,
  ) {
    super();
  }
}

@injectable()
export class CreateTaskHandler implements CommandHandler<CreateTaskCommand> {
  readonly commandType = CreateTaskCommand;

  constructor(
    @inject(TOKENS.IdGenerator) private readonly ids: IdGenerator,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  private access(stores: UnitStores): ListAccess {
    return { lists: stores.lists, ids: this.ids, clock: this.clock };
  }

  async handle(command: CreateTaskCommand, stores: UnitStores): Promise<TaskView> {
    const fields = DomainValidationError.collect({
      owner: () => UserId.from(command.userId),
      title: () => TaskTitle.from(command.title),
      description: () => TaskDescription.fromNullable(command.description),
      dueDate: () => TaskDueDate.fromNullable(command.dueDate ?? null),
      priority: () => (command.priority === undefined ? TaskPriority.NONE : TaskPriority.from(command.priority)),
      labels: () => TaskLabels.from(command.labels ?? []),
      repeat: () => TaskRepeat.fromNullable(command.repeat ?? null),
      repeatFrom: () => (command.repeatFrom === undefined ? 'due' : taskRepeatFrom(command.repeatFrom)),
    });
    // A malformed parent id names no task: not found, as a missing or foreign one.
    const parentId = command.parentId == null ? null : TaskId.tryParse(command.parentId);
    if (parentId === null && command.parentId != null) throw new TaskNotFoundError();
    const id = this.ids.newTaskId();
    const named = command.listId == null ? null : await ownedListId(this.access(stores), fields.owner, command.listId);
    let listId: ListId;
    if (parentId) {
      const parent = await stores.tasks.findOwned(fields.owner, parentId);
      const chain = parent && (await stores.tasks.ancestorsOf(fields.owner, parentId));
      if (!parent || !chain) throw new TaskNotFoundError();
      TaskHierarchy.assertPlacement(id, chain);
      if (named) TaskHierarchy.assertSameList(named, parent.listId);
      listId = parent.listId;
    } else {
      listId = named ?? (await stores.lists.inboxIdOf(fields.owner, inboxCandidate(this.access(stores), fields.owner)));
    }
    const last = await stores.tasks.lastPositionUnder(fields.owner, parentId, listId);
    const placement = { parentId, position: Position.endAfter(last, id.value) };
    const task = Task.create({ id, now: this.clock.now(), listId, placement, ...fields });
    await stores.tasks.persist(task);
    return toTaskView(task.snapshot());
  }
}
