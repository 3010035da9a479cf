import Router from '@koa/router';
import type { TaskChangeStreams } from '../../../application/changes/task-change-streams.js';
import type { RequestState } from '../middleware/request-context.js';
import { EVENT_STREAM_HEADERS, type EventStreamConnections } from '../server-sent-events.js';

/** `/api/events`: the caller's task changes as Server-Sent Events, live from every instance. */
export function eventRoutes(streams: TaskChangeStreams, connections: EventStreamConnections): Router<RequestState> {
  const router = new Router<RequestState>({ prefix: '/api/events' });

  router.get('/', async (ctx) => {
    if (ctx.method === 'HEAD') {
      ctx.set(EVENT_STREAM_HEADERS);
      ctx.status = 200;
      return;
    }
    const userId = ctx.state.userId!;
    // An empty Last-Event-ID is what EventSource sends before it has seen an id: start from now.
    const lastEventId = ctx.get('Last-Event-ID') || undefined;
    await connections.serve(ctx, userId, () => streams.open(userId, lastEventId), ctx.state.credentialsExpireAt);
  });

  return router;
}
