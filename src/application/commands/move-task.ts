import { inject, injectable } from 'inversify';
import {
  DomainValidationError,
  TaskHierarchy,
  TaskId,
  TaskNotFoundError,
  UserId,
  type ExpectedVersion,
  type MoveNeighbour,
  type TaskRepository,
} from '../../domain/index.js';
import { Command, type CommandHandler } from '../command-bus.js';
import type { Clock } from '../ports/clock.js';
import type { TaskView } from '../ports/task-read-model.js';
import { toTaskView } from '../task-view.js';
import { TOKENS } from '../tokens.js';
import { loadOwnedTask } from './owned-task.js';

/** Where a move puts the task, as the caller named it: right after or before a sibling, or at the start or end. */
export interface RequestedMove {
  readonly side: MoveNeighbour['side'];
  /** The sibling's id; null for the start (`after`) or the end (`before`) of the group. */
  readonly neighbourId: string | null;
  /** The new parent (null: the top level); left out, the task stays under its parent. */
  readonly parentId?: string | null;
}

/**
 * Puts a task elsewhere in the manual order: beside a sibling in its group, or under another parent (with its
 * subtasks). One move rewrites the task's own row and nothing else.
 */
export class MoveTaskCommand extends Command<TaskView> {
  constructor(
    readonly userId: string,
    readonly taskId: string,
    readonly move: RequestedMove,
    readonly expectedVersion?: ExpectedVersion,
  ) {
    super();
  }
}

@injectable()
export class MoveTaskHandler implements CommandHandler<MoveTaskCommand> {
  readonly commandType = MoveTaskCommand;

  constructor(
    @inject(TOKENS.TaskRepository) private readonly tasks: TaskRepository,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async handle(command: MoveTaskCommand): Promise<TaskView> {
    const { side, neighbourId: rawNeighbour, parentId: rawParent } = command.move;
    const field = side === 'after' ? 'after_id' : 'before_id';
    const notASibling = () => DomainValidationError.of(field, `${field} must be the id of a task under the parent the task goes to, or null`);
    const actor = UserId.from(command.userId);
    // A malformed neighbour is no sibling, as a missing or foreign one: refused alike, revealing nothing.
    const neighbour = rawNeighbour === null ? null : TaskId.tryParse(rawNeighbour);
    if (rawNeighbour !== null && neighbour === null) throw notASibling();
    // A malformed parent names no task: not found, as a missing or foreign one.
    const newParent = rawParent == null ? null : TaskId.tryParse(rawParent);
    if (rawParent != null && newParent === null) throw new TaskNotFoundError();

    const task = await loadOwnedTask(this.tasks, actor, command.taskId, command.expectedVersion);
    const parentId = rawParent === undefined ? task.parentId : newParent;
    const reparented = parentId === null || task.parentId === null ? parentId !== task.parentId : !parentId.equals(task.parentId);
    if (reparented) {
      const height = await this.tasks.subtreeHeight(actor, task.id);
      const chain = parentId === null ? null : await this.tasks.ancestorsOf(actor, parentId);
      if (parentId !== null && chain === null) throw new TaskNotFoundError();
      TaskHierarchy.assertPlacement(task.id, chain, height);
    }
    const gap = await this.tasks.gapBeside(actor, parentId, { side, id: neighbour }, task.id);
    if (!gap) throw notASibling();
    task.moveInto(actor, parentId, gap, this.clock.now());
    await this.tasks.persist(task);
    return toTaskView(task.snapshot());
  }
}
