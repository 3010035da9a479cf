import { inject, injectable, multiInject } from 'inversify';
import type { UnitOfWork, UnitStores } from './ports/unit-of-work.js';
import { TOKENS } from './tokens.js';

/** A request to change state. Plain, readonly data; `Result` is what its handler answers. */
export abstract class Command<Result> {
  declare private readonly __result?: Result;
}

export type CommandResult<C> = C extends Command<infer R> ? R : never;

/** Handles one type of command, inside a unit of work, writing through the unit's stores. */
export interface CommandHandler<C extends Command<unknown>> {
  readonly commandType: abstract new (...args: never[]) => C;
  handle(command: C, stores: UnitStores): Promise<CommandResult<C>>;
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
    const handler = this.handlerOf(command);
    return this.unitOfWork.run((stores) => handler.handle(command, stores) as Promise<R>);
  }

  /** Runs a command inside a unit of work already under way, on its stores: it commits, or not, with that unit. */
  async executeIn<R>(stores: UnitStores, command: Command<R>): Promise<R> {
    return this.handlerOf(command).handle(command, stores) as Promise<R>;
  }

  private handlerOf(command: Command<unknown>): CommandHandler<Command<unknown>> {
    const handler = this.handlers.get(command.constructor);
    if (!handler) throw new Error(`No handler registered for ${command.constructor.name}`);
    return handler;
  }
}
