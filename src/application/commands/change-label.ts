import { inject, injectable } from 'inversify';
import { LabelName, LabelNotFoundError, UserId, type Task, type TaskRepository } from '../../domain/index.js';
import { Command, type CommandHandler } from '../command-bus.js';
import { LabelChangeTooLargeError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { LabelView } from '../ports/task-read-model.js';
import type { UnitStores } from '../ports/unit-of-work.js';
import { TOKENS } from '../tokens.js';

/**
 * The most tasks one rename or removal of a label may touch. Each task changes as it would alone — its own write,
 * version bump and `task.updated` — all in one unit of work, so that the change log replays exactly; the bound
 * keeps that unit (and the owner's writes queued behind it) short.
 */
export const MAX_TASKS_PER_LABEL_CHANGE = 1_000;

/**
 * Renames the user's label `name` (in any case) to `newName` on every task of theirs that has it. If the new name
 * is another of their labels in some case, the two merge into one; tasks holding that label in another spelling
 * are respelled, so the label is spelled one way afterwards. Answers the label and how many tasks have it now.
 */
export class RenameLabelCommand extends Command<LabelView> {
  constructor(
    readonly userId: string,
    readonly name: string,
    readonly newName: string,
  ) {
    super();
  }
}

/** Takes the user's label `name` (in any case) off every task of theirs that has it. */
export class DeleteLabelCommand extends Command<void> {
  constructor(
    readonly userId: string,
    readonly name: string,
  ) {
    super();
  }
}

@injectable()
export class RenameLabelHandler implements CommandHandler<RenameLabelCommand> {
  readonly commandType = RenameLabelCommand;

  constructor(
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async handle(command: RenameLabelCommand, stores: UnitStores): Promise<LabelView> {
    const owner = UserId.from(command.userId);
    const to = LabelName.from(command.newName);
    const from = existingLabelKey(command.name);
    const tasks = await loadLabelled(stores.tasks, owner, [from, to.key]);
    if (!tasks.some((task) => task.labels.has(from))) throw new LabelNotFoundError();
    const now = this.clock.now();
    for (const task of tasks) {
      task.renameLabel(owner, from, to, now);
      await stores.tasks.persist(task);
    }
    return { name: to.value, task_count: tasks.length };
  }
}

@injectable()
export class DeleteLabelHandler implements CommandHandler<DeleteLabelCommand> {
  readonly commandType = DeleteLabelCommand;

  constructor(
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async handle(command: DeleteLabelCommand, stores: UnitStores): Promise<void> {
    const owner = UserId.from(command.userId);
    const key = existingLabelKey(command.name);
    const tasks = await loadLabelled(stores.tasks, owner, [key]);
    if (tasks.length === 0) throw new LabelNotFoundError();
    const now = this.clock.now();
    for (const task of tasks) {
      task.removeLabel(owner, key, now);
      await stores.tasks.persist(task);
    }
  }
}

/** The key of a label named in a request; a name no label could have names no label of the user's. */
function existingLabelKey(name: string): string {
  const label = LabelName.tryFrom(name);
  if (typeof label === 'string') throw new LabelNotFoundError();
  return label.key;
}

async function loadLabelled(tasks: TaskRepository, owner: UserId, keys: string[]): Promise<Task[]> {
  const found = await tasks.findOwnedWithLabels(owner, [...new Set(keys)], MAX_TASKS_PER_LABEL_CHANGE + 1);
  if (found.length > MAX_TASKS_PER_LABEL_CHANGE) throw new LabelChangeTooLargeError(MAX_TASKS_PER_LABEL_CHANGE);
  return found;
}
