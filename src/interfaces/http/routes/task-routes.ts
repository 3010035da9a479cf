import Router from '@koa/router';
import type { Context } from 'koa';
import type { CommandBus } from '../../../application/command-bus.js';
import { CreateTaskCommand } from '../../../application/commands/create-task.js';
import { DeleteTaskCommand } from '../../../application/commands/delete-task.js';
import { MoveTaskCommand } from '../../../application/commands/move-task.js';
import { SetTaskCompletionCommand } from '../../../application/commands/set-task-completion.js';
import { UpdateTaskCommand } from '../../../application/commands/update-task.js';
import { parseIdempotencyKey, type IdempotentCommands } from '../../../application/idempotency/idempotent-commands.js';
import type { TaskView } from '../../../application/ports/task-read-model.js';
import { GetTaskQuery } from '../../../application/queries/get-task.js';
import { ListTaskChangesQuery } from '../../../application/queries/list-task-changes.js';
import { ListTasksQuery } from '../../../application/queries/list-tasks.js';
import { TaskStatsQuery } from '../../../application/queries/task-stats.js';
import type { QueryBus } from '../../../application/query-bus.js';
import type { RequestState } from '../middleware/request-context.js';
import { HttpProblem } from '../problem.js';
import { etagOf, expectedVersionFrom, noneMatchSatisfied } from '../preconditions.js';
import {
  CompleteTaskBody,
  CompletionParams,
  CreateTaskBody,
  ListChangesParams,
  ListTasksParams,
  MoveTaskBody,
  TaskStatsParams,
  UpdateTaskBody,
} from '../task-schemas.js';
import { parseBody, parseQuery } from '../validation.js';

type TaskContext = Context & { state: RequestState; params: Record<string, string> };

/** `/api/tasks`: each route validates its input, sends one command or query, and shapes the answer. */
export function taskRoutes(commands: CommandBus, queries: QueryBus, idempotent: IdempotentCommands): Router<RequestState> {
  const router = new Router<RequestState>({ prefix: '/api/tasks' });
  const userOf = (ctx: TaskContext) => ctx.state.userId!;
  const idOf = (ctx: TaskContext) => ctx.params.id ?? '';
  const ifMatch = (ctx: TaskContext) => expectedVersionFrom(ctx.get('If-Match') || undefined);

  // A malformed key is refused before anything else: the client's retry logic is broken, not its body.
  const idempotencyKeyOf = (ctx: TaskContext) =>
    ctx.headers['idempotency-key'] === undefined ? undefined : parseIdempotencyKey(ctx.get('Idempotency-Key'));

  router.post('/', async (ctx) => {
    const idempotencyKey = idempotencyKeyOf(ctx);
    const body = parseBody(CreateTaskBody, ctx.request.body);
    // No parent is the top level, whether it was left out or sent as null: one command, one idempotent request.
    const command = new CreateTaskCommand(
      userOf(ctx),
      body.title,
      body.description ?? null,
      body.due_date,
      body.priority,
      body.parent_id ?? undefined,
      body.labels,
      body.list_id,
      body.repeat,
      body.repeat_from,
    );
    const { result: task, replayed } =
      idempotencyKey === undefined
        ? { result: await commands.execute(command), replayed: false }
        : await idempotent.execute(userOf(ctx), idempotencyKey, command);
    if (replayed) ctx.set('Idempotent-Replayed', 'true');
    ctx.status = 201;
    ctx.set('Location', `/api/tasks/${task.id}`);
    sendTask(ctx, task);
  });

  router.get('/', async (ctx) => {
    const params = parseQuery(ListTasksParams, ctx.query);
    const page = await queries.execute(new ListTasksQuery(userOf(ctx), params));
    if (page.next_cursor) {
      const next = new URLSearchParams(ctx.querystring);
      next.set('cursor', page.next_cursor);
      ctx.set('Link', `</api/tasks?${next}>; rel="next"`);
    }
    ctx.body = page;
  });

  // Fixed paths go before `/:id`, which would otherwise take them for task ids.
  router.get('/stats', async (ctx) => {
    const params = parseQuery(TaskStatsParams, ctx.query);
    ctx.body = await queries.execute(new TaskStatsQuery(userOf(ctx), params));
  });

  router.get('/changes', async (ctx) => {
    const params = parseQuery(ListChangesParams, ctx.query);
    ctx.body = await queries.execute(new ListTaskChangesQuery(userOf(ctx), params));
  });

  // `/:id` would otherwise take other methods on these fixed paths and answer 404 "Task not found".
  router.all(['/stats', '/changes'], () => {
    throw new HttpProblem(405, 'Only GET is allowed here', { Allow: 'GET, HEAD' });
  });

  router.get('/:id', async (ctx) => {
    const task = await queries.execute(new GetTaskQuery(userOf(ctx), idOf(ctx)));
    if (noneMatchSatisfied(ctx.get('If-None-Match') || undefined, task.version)) {
      ctx.status = 304;
      ctx.set('ETag', etagOf(task.version));
      return;
    }
    sendTask(ctx, task);
  });

  const update = async (ctx: TaskContext) => {
    const { tz } = parseQuery(CompletionParams, ctx.query);
    const changes = parseBody(UpdateTaskBody, ctx.request.body);
    sendTask(ctx, await commands.execute(new UpdateTaskCommand(userOf(ctx), idOf(ctx), changes, ifMatch(ctx), tz)));
  };
  // The seed's front ends send partial bodies on PUT, so PUT and PATCH share one meaning.
  router.put('/:id', update);
  router.patch('/:id', update);

  router.patch('/:id/complete', async (ctx) => {
    const { tz } = parseQuery(CompletionParams, ctx.query);
    const { completed } = parseBody(CompleteTaskBody, ctx.request.body);
    const change = completed ?? 'toggle';
    sendTask(ctx, await commands.execute(new SetTaskCompletionCommand(userOf(ctx), idOf(ctx), change, ifMatch(ctx), tz)));
  });

  router.post('/:id/move', async (ctx) => {
    const idempotencyKey = idempotencyKeyOf(ctx);
    const body = parseBody(MoveTaskBody, ctx.request.body);
    const [side, neighbourId] = body.after_id !== undefined ? (['after', body.after_id] as const) : (['before', body.before_id ?? null] as const);
    const move = {
      side,
      neighbourId,
      ...(body.parent_id !== undefined && { parentId: body.parent_id }),
      ...(body.list_id !== undefined && { listId: body.list_id }),
    };
    const command = new MoveTaskCommand(userOf(ctx), idOf(ctx), move, ifMatch(ctx));
    const { result: task, replayed } =
      idempotencyKey === undefined
        ? { result: await commands.execute(command), replayed: false }
        : await idempotent.execute(userOf(ctx), idempotencyKey, command);
    if (replayed) ctx.set('Idempotent-Replayed', 'true');
    sendTask(ctx, task);
  });

  router.delete('/:id', async (ctx) => {
    await commands.execute(new DeleteTaskCommand(userOf(ctx), idOf(ctx), ifMatch(ctx)));
    ctx.status = 204;
  });

  return router;
}

function sendTask(ctx: Context, task: TaskView): void {
  ctx.set('ETag', etagOf(task.version));
  ctx.body = task;
}
