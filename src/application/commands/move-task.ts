import { inject, injectable } from 'inversify';
import {
  DomainValidationError,
  TaskHierarchy,
  TaskId,
  TaskNotFoundError,
  UserId,
  type ExpectedVersion,
  type ListId,
  type MoveNeighbour,
} from '../../domain/index.js';
import { Command, type CommandHandler } from '../command-bus.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { TaskView } from '../ports/task-read-model.js';
import type { UnitStores } from '../ports/unit-of-work.js';
import { toTaskView } from '../task-view.js';
import { TOKENS } from '../tokens.js';
import { ownedListId } from './owned-list.js';
import { loadOwnedTask } from './owned-task.js';

/** Where a move puts the task, as the caller named it: right after or before a sibling, or at the start or end. */
export interface RequestedMove {
  readonly side: MoveNeighbour['side'];
  /** The sibling's id; null for the start (`after`) or the end (`before`) of the group. */
  readonly neighbourId: string | null;
  /** The new parent (null: the top level); left out, the task stays under its parent. */
  readonly parentId?: string | null;
  /**
   * The list it goes to (a list id or `inbox`); left out, its new parent's list, or its own. Named beside a parent, it
   * must be the parent's list. A task moved to another list takes its subtasks along.
   */
  readonly listId?: string;
}

/**
 * Puts a task elsewhere in the manual order: beside a sibling in its group, under another parent, or into another
 * list (with its subtasks). A move within one list rewrites the task's own row and nothing else; a move to another
 * list rewrites its subtasks' too, each with a change of its own.
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
    @inject(TOKENS.IdGenerator) private readonly ids: IdGenerator,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async handle(command: MoveTaskCommand, stores: UnitStores): Promise<TaskView> {
    const { side, neighbourId: rawNeighbour, parentId: rawParent, listId: rawList } = command.move;
    const field = side === 'after' ? 'after_id' : 'before_id';
    const notASibling = () => DomainValidationError.of(field, `${field} must be the id of a task under the parent the task goes to, or null`);
    const actor = UserId.from(command.userId);
    // A malformed neighbour is no sibling, as a missing or foreign one: refused alike, revealing nothing.
    const neighbour = rawNeighbour === null ? null : TaskId.tryParse(rawNeighbour);
    if (rawNeighbour !== null && neighbour === null) throw notASibling();
    // A malformed parent names no task: not found, as a missing or foreign one.
    const newParent = rawParent == null ? null : TaskId.tryParse(rawParent);
    if (rawParent != null && newParent === null) throw new TaskNotFoundError();

    const task = await loadOwnedTask(stores.tasks, actor, command.taskId, command.expectedVersion);
    const named = rawList === undefined ? null : await ownedListId({ lists: stores.lists, ids: this.ids, clock: this.clock }, actor, rawList);
    const parentId = rawParent === undefined ? task.parentId : newParent;
    const reparented = parentId === null || task.parentId === null ? parentId !== task.parentId : !parentId.equals(task.parentId);
    let listId = named ?? task.listId;
    if (reparented) {
      const height = await stores.tasks.subtreeHeight(actor, task.id);
      const chain = parentId === null ? null : await stores.tasks.ancestorsOf(actor, parentId);
      if (parentId !== null && chain === null) throw new TaskNotFoundError();
      TaskHierarchy.assertPlacement(task.id, chain, height);
      if (parentId !== null) listId = await this.listOfParent(stores, actor, parentId, named);
    } else if (parentId !== null && named) {
      TaskHierarchy.assertSameList(named, task.listId);
    }
    const gap = await stores.tasks.gapBeside(actor, { listId, parentId }, { side, id: neighbour }, task.id);
    if (!gap) throw notASibling();
    const now = this.clock.now();
    const subtasks = listId.equals(task.listId) ? [] : await stores.tasks.descendantsOf(actor, task.id);
    task.moveInto(actor, { listId, parentId }, gap, now);
    await stores.tasks.persist(task);
    for (const subtask of subtasks) {
      subtask.move(actor, { listId, parentId: subtask.parentId, position: subtask.position }, now);
      await stores.tasks.persist(subtask);
    }
    return toTaskView(task.snapshot());
  }

  /** The list of the owner's task `parentId`, which a list named for a task under it must be. */
  private async listOfParent(stores: UnitStores, actor: UserId, parentId: TaskId, named: ListId | null): Promise<ListId> {
    const parent = await stores.tasks.findOwned(actor, parentId);
    if (!parent) throw new TaskNotFoundError();
    if (named) TaskHierarchy.assertSameList(named, parent.listId);
    return parent.listId;
  }
}
