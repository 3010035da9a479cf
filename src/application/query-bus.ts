import { injectable, multiInject } from 'inversify';
import { TOKENS } from './tokens.js';

/** A request to read state. Queries never change anything and need no transaction. */
export abstract class Query<Result> {
  declare private readonly __result?: Result;
}

export type QueryResult<Q> = Q extends Query<infer R> ? R : never;

export interface QueryHandler<Q extends Query<unknown>> {
  readonly queryType: abstract new (...args: never[]) => Q;
  handle(query: Q): Promise<QueryResult<Q>>;
}

@injectable()
export class QueryBus {
  private readonly handlers = new Map<Function, QueryHandler<Query<unknown>>>();

  constructor(@multiInject(TOKENS.QueryHandlers) handlers: QueryHandler<Query<unknown>>[]) {
    for (const handler of handlers) this.handlers.set(handler.queryType, handler);
  }

  async execute<R>(query: Query<R>): Promise<R> {
    const handler = this.handlers.get(query.constructor);
    if (!handler) throw new Error(`No handler registered for ${query.constructor.name}`);
    return handler.handle(query) as Promise<R>;
  }
}
