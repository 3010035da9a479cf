import { inject, injectable } from 'inversify';
import {
  DomainValidationError,
  Position,
  Task,
  TaskDescription,
  TaskDueDate,
  TaskHierarchy,
  TaskId,
  TaskNotFoundError,
  TaskPriority,
  TaskTitle,
  UserId,
  type TaskRepository,
} from '../../domain/index.js';
import { Command, type CommandHandler } from '../command-bus.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { TaskView } from '../ports/task-read-model.js';
import { toTaskView } from '../task-view.js';
import { TOKENS } from '../tokens.js';

/**
 * A new task. Left out (undefined), the due date is none and the priority `none`. They stay undefined rather than
 * take their defaults here, so that a request without them is the same command it was before they existed
 * (idempotent retries compare commands). `parentId` makes it a subtask of that task, which must be the owner's (else
 * the task is not found, as a missing one); it goes to the end of its parent's subtasks, or of the top level.
 */
export class CreateTaskCommand extends Command<TaskView> {
  constructor(
    readonly userId: string,
    readonly title: string,
    readonly description: string | null = null,
    readonly dueDate?: string | null,
    readonly priority?: string,
    readonly parentId?: string | null,
  ) {
    super();
  }
}

@injectable()
export class CreateTaskHandler implements CommandHandler<CreateTaskCommand> {
  readonly commandType = CreateTaskCommand;

  constructor(
    @inject(TOKENS.TaskRepository) private readonly tasks: TaskRepository,
    @inject(TOKENS.IdGenerator) private readonly ids: IdGenerator,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async handle(command: CreateTaskCommand): Promise<TaskView> {
    const fields = DomainValidationError.collect({
      owner: () => UserId.from(command.userId),
      title: () => TaskTitle.from(command.title),
      description: () => TaskDescription.fromNullable(command.description),
      dueDate: () => TaskDueDate.fromNullable(command.dueDate ?? null),
      priority: () => (command.priority === undefined ? TaskPriority.NONE : TaskPriority.from(command.priority)),
    });
    // A malformed parent id names no task: not found, as a missing or foreign one.
    const parentId = command.parentId == null ? null : TaskId.tryParse(command.parentId);
    if (parentId === null && command.parentId != null) throw new TaskNotFoundError();
    const id = this.ids.newTaskId();
    if (parentId) {
      const chain = await this.tasks.ancestorsOf(fields.owner, parentId);
      if (!chain) throw new TaskNotFoundError();
      TaskHierarchy.assertPlacement(id, chain);
    }
    const last = await this.tasks.lastPositionUnder(fields.owner, parentId);
    const placement = { parentId, position: Position.endAfter(last, id.value) };
    const task = Task.create({ id, now: this.clock.now(), placement, ...fields });
    await this.tasks.persist(task);
    return toTaskView(task.snapshot());
  }
}
