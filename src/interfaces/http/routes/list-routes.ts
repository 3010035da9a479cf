import Router from '@koa/router';
import type { Context } from 'koa';
import type { CommandBus } from '../../../application/command-bus.js';
import { CreateListCommand } from '../../../application/commands/create-list.js';
import { DeleteListCommand } from '../../../application/commands/delete-list.js';
import { MoveListCommand } from '../../../application/commands/move-list.js';
import { RenameListCommand } from '../../../application/commands/rename-list.js';
import { parseIdempotencyKey, type IdempotentCommands } from '../../../application/idempotency/idempotent-commands.js';
import type { ListView } from '../../../application/list-view.js';
import { GetListQuery } from '../../../application/queries/get-list.js';
import { ListListsQuery } from '../../../application/queries/list-lists.js';
import type { QueryBus } from '../../../application/query-bus.js';
import { CreateListBody, MoveListBody, RenameListBody } from '../list-schemas.js';
import type { RequestState } from '../middleware/request-context.js';
import { etagOf, expectedVersionFrom, noneMatchSatisfied } from '../preconditions.js';
import { parseBody } from '../validation.js';

type ListContext = Context & { state: RequestState; params: Record<string, string> };

/**
 * `/api/lists`: the caller's lists, with ETag, If-Match and Idempotency-Key as on `/api/tasks`. `{id}` is a list id
 * or `inbox`.
 */
export function listRoutes(commands: CommandBus, queries: QueryBus, idempotent: IdempotentCommands): Router<RequestState> {
  const router = new Router<RequestState>({ prefix: '/api/lists' });
  const userOf = (ctx: ListContext) => ctx.state.userId!;
  const idOf = (ctx: ListContext) => ctx.params.id ?? '';
  const ifMatch = (ctx: ListContext) => expectedVersionFrom(ctx.get('If-Match') || undefined);
  // A malformed key is refused before anything else: the client's retry logic is broken, not its body.
  const idempotencyKeyOf = (ctx: ListContext) =>
    ctx.headers['idempotency-key'] === undefined ? undefined : parseIdempotencyKey(ctx.get('Idempotency-Key'));

  router.get('/', async (ctx) => {
    ctx.body = await queries.execute(new ListListsQuery(userOf(ctx)));
  });

  router.post('/', async (ctx) => {
    const idempotencyKey = idempotencyKeyOf(ctx);
    const { name } = parseBody(CreateListBody, ctx.request.body);
    const command = new CreateListCommand(userOf(ctx), name);
    const { result: list, replayed } =
      idempotencyKey === undefined
        ? { result: await commands.execute(command), replayed: false }
        : await idempotent.execute(userOf(ctx), idempotencyKey, command);
    if (replayed) ctx.set('Idempotent-Replayed', 'true');
    ctx.status = 201;
    ctx.set('Location', `/api/lists/${list.id}`);
    sendList(ctx, list);
  });

  router.get('/:id', async (ctx) => {
    const list = await queries.execute(new GetListQuery(userOf(ctx), idOf(ctx)));
    if (noneMatchSatisfied(ctx.get('If-None-Match') || undefined, list.version)) {
      ctx.status = 304;
      ctx.set('ETag', etagOf(list.version));
      return;
    }
    sendList(ctx, list);
  });

  router.patch('/:id', async (ctx) => {
    const { name } = parseBody(RenameListBody, ctx.request.body);
    sendList(ctx, await commands.execute(new RenameListCommand(userOf(ctx), idOf(ctx), name, ifMatch(ctx))));
  });

  router.post('/:id/move', async (ctx) => {
    const idempotencyKey = idempotencyKeyOf(ctx);
    const body = parseBody(MoveListBody, ctx.request.body);
    const move =
      body.after_id !== undefined ? { side: 'after' as const, neighbourId: body.after_id } : { side: 'before' as const, neighbourId: body.before_id ?? null };
    const command = new MoveListCommand(userOf(ctx), idOf(ctx), move, ifMatch(ctx));
    const { result: list, replayed } =
      idempotencyKey === undefined
        ? { result: await commands.execute(command), replayed: false }
        : await idempotent.execute(userOf(ctx), idempotencyKey, command);
    if (replayed) ctx.set('Idempotent-Replayed', 'true');
    sendList(ctx, list);
  });

  router.delete('/:id', async (ctx) => {
    await commands.execute(new DeleteListCommand(userOf(ctx), idOf(ctx), ifMatch(ctx)));
    ctx.status = 204;
  });

  return router;
}

function sendList(ctx: Context, list: ListView): void {
  ctx.set('ETag', etagOf(list.version));
  ctx.body = list;
}
