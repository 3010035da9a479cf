import { inject, injectable } from 'inversify';
import { UserId, type ExpectedVersion } from '../../domain/index.js';
import { Command, type CommandHandler } from '../command-bus.js';
import type { Clock } from '../ports/clock.js';
import type { TaskView } from '../ports/task-read-model.js';
import type { UnitStores } from '../ports/unit-of-work.js';
import { toTaskView } from '../task-view.js';
import { TOKENS } from '../tokens.js';
import { TimeZone } from '../queries/time-zone.js';
import { loadOwnedTask } from './owned-task.js';
import { todayIn } from './today.js';

/** `true`/`false` sets the state (idempotent); `'toggle'` flips it, as the seed's front ends expect. */
export type CompletionChange = boolean | 'toggle';

/**
 * Completes, reopens or toggles a task. `timeZone` (an IANA name, UTC when left out) says which day it is for the
 * caller: completing a repeating task moves it to its rule's next date after that day instead of closing it.
 */
export class SetTaskCompletionCommand extends Command<TaskView> {
  constructor(
    readonly userId: string,
    readonly taskId: string,
    readonly completed: CompletionChange,
    readonly expectedVersion?: ExpectedVersion,
    readonly timeZone?: string,
  ) {
    super();
  }
}

@injectable()
export class SetTaskCompletionHandler implements CommandHandler<SetTaskCompletionCommand> {
  readonly commandType = SetTaskCompletionCommand;

  constructor(
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async handle(command: SetTaskCompletionCommand, stores: UnitStores): Promise<TaskView> {
    const actor = UserId.from(command.userId);
    const zone = TimeZone.parse(command.timeZone);
    const task = await loadOwnedTask(stores.tasks, actor, command.taskId, command.expectedVersion);
    const now = this.clock.now();
    const today = todayIn(zone, now);
    if (command.completed === 'toggle') task.toggle(actor, now, today);
    else if (command.completed) task.complete(actor, now, today);
    else task.reopen(actor, now);
    await stores.tasks.persist(task);
    return toTaskView(task.snapshot());
  }
}
