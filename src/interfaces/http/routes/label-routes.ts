import Router from '@koa/router';
import type { Context } from 'koa';
import type { CommandBus } from '../../../application/command-bus.js';
import { DeleteLabelCommand, RenameLabelCommand } from '../../../application/commands/change-label.js';
import { ListLabelsQuery } from '../../../application/queries/list-labels.js';
import type { QueryBus } from '../../../application/query-bus.js';
import type { RequestState } from '../middleware/request-context.js';
import { RenameLabelBody } from '../task-schemas.js';
import { parseBody } from '../validation.js';

type LabelContext = Context & { state: RequestState; params: Record<string, string> };

/** `/api/labels`: the user's labels across their tasks. The name in a path is URL-encoded; the router decodes it. */
export function labelRoutes(commands: CommandBus, queries: QueryBus): Router<RequestState> {
  const router = new Router<RequestState>({ prefix: '/api/labels' });
  const userOf = (ctx: LabelContext) => ctx.state.userId!;
  const nameOf = (ctx: LabelContext) => ctx.params.name ?? '';

  router.get('/', async (ctx) => {
    ctx.body = await queries.execute(new ListLabelsQuery(userOf(ctx)));
  });

  router.patch('/:name', async (ctx) => {
    const { name } = parseBody(RenameLabelBody, ctx.request.body);
    ctx.body = await commands.execute(new RenameLabelCommand(userOf(ctx), nameOf(ctx), name));
  });

  router.delete('/:name', async (ctx) => {
    await commands.execute(new DeleteLabelCommand(userOf(ctx), nameOf(ctx)));
    ctx.status = 204;
  });

  return router;
}
