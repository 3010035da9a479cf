import { inject, injectable, multiInject } from 'inversify';
import type { UnitOfWork } from './ports/unit-of-work.js';
import { TOKENS } from './tokens.js';

/** A request to change state. Plain, readonly data; `Result` is what its handler answers. */
export abstract class Command<Result> {
  declare private readonly __result?: Result;
}

export type CommandResult<C> = C extends Command<infer R> ? R : never;

export interface CommandHandler<C extends Command<unknown>> {
  readonly commandType: abstract new (...args: never[]) => C;
  handle(command: C): Promise<CommandResult<C>>;
}

/**
 * Routes each command to its handler and runs it as one unit of work: the handler's writes and the
 * events they record commit together, or not at all.
 */
@injectable()
export class CommandBus {
  private readonly handlers = new Map<Function, CommandHandler<Command<unknown>>>();

  constructor(
    @multiInject(TOKENS.CommandHandlers) handlers: CommandHandler<Command<unknown>>[],
    @inject(TOKENS.UnitOfWork) private readonly unitOfWork: UnitOfWork,
  ) {
    for (const handler of handlers) this.handlers.set(handler.commandType, handler);
  }

  async execute<R>(command: Command<R>): Promise<R> {
    const handler = this.handlers.get(command.constructor);
    if (!handler) throw new Error(`No handler registered for ${command.constructor.name}`);
    return this.unitOfWork.run(() => handler.handle(command) as Promise<R>);
  }
}
