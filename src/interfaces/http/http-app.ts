import cors from '@koa/cors';
import Koa from 'koa';
import compose from 'koa-compose';
import type { Container } from 'inversify';
import type { TaskChangeStreams } from '../../application/changes/task-change-streams.js';
import type { CommandBus } from '../../application/command-bus.js';
import type { IdempotentCommands } from '../../application/idempotency/idempotent-commands.js';
import type { TokenVerifier } from '../../application/ports/token-verifier.js';
import type { QueryBus } from '../../application/query-bus.js';
import { TOKENS } from '../../application/tokens.js';
import type { Logger } from '../../infrastructure/logging/logger.js';
import { mcpRoutes } from '../mcp/mcp-http.js';
import { authenticate } from './middleware/authenticate.js';
import { jsonBody } from './middleware/json-body.js';
import { problemResponses } from './middleware/problem-responses.js';
import { AnonymousRequestLimit, rateLimit } from './middleware/rate-limit.js';
import { requestContext, type RequestState } from './middleware/request-context.js';
import { securityHeaders } from './middleware/security-headers.js';
import { buildOpenApiDocument } from './openapi.js';
import { eventRoutes } from './routes/event-routes.js';
import { labelRoutes } from './routes/label-routes.js';
import { listRoutes } from './routes/list-routes.js';
import { systemRoutes } from './routes/system-routes.js';
import { taskRoutes } from './routes/task-routes.js';
import type { EventStreamConnections } from './server-sent-events.js';

export interface HttpAppOptions {
  container: Container;
  logger: Logger;
  corsOrigins: string[];
  rateLimitPerMinute: number;
  /** Requests without valid credentials per client address per minute; 0: no limit. */
  rateLimitAnonPerMinute: number;
  /** Reverse proxies in front whose X-Forwarded-For entries are believed (0: none). */
  trustedProxies: number;
  isDatabaseReachable: () => Promise<boolean>;
  /** The open event streams, which the server ends on shutdown. */
  eventStreams: EventStreamConnections;
  /** The MCP endpoint's audience (MCP_AUDIENCE) and the authorization server it sends clients to (BETTER_AUTH_URL). */
  mcp?: { audience: string | undefined; authorizationServer: string | undefined };
}

// WWW-Authenticate and Mcp-Protocol-Version: a browser-based MCP client reads the challenge's metadata URL and
// sends the protocol version it negotiated.
export const EXPOSED_HEADERS = ['ETag', 'Location', 'Link', 'X-Request-Id', 'Retry-After', 'Idempotent-Replayed', 'WWW-Authenticate'];
const ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'If-Match',
  'If-None-Match',
  'Idempotency-Key',
  'X-Request-Id',
  'Last-Event-ID',
  'Mcp-Protocol-Version',
];

/** The Koa application: cross-cutting middleware, then public system routes, then the authenticated API. */
export function createHttpApp(options: HttpAppOptions): Koa<RequestState> {
  const { container } = options;
  const app = new Koa<RequestState>();
  const commands = container.get<CommandBus>(TOKENS.CommandBus);
  const queries = container.get<QueryBus>(TOKENS.QueryBus);
  const idempotent = container.get<IdempotentCommands>(TOKENS.IdempotentCommands);
  const tasks = taskRoutes(commands, queries, idempotent);
  const lists = listRoutes(commands, queries, idempotent);
  const labels = labelRoutes(commands, queries);
  const events = eventRoutes(container.get<TaskChangeStreams>(TOKENS.TaskChangeStreams), options.eventStreams);
  const system = systemRoutes({ isDatabaseReachable: options.isDatabaseReachable, openApiDocument: buildOpenApiDocument() });

  // One budget per address and one per user, whichever door (/api or /mcp) the requests come through.
  const verifier = container.get<TokenVerifier>(TOKENS.TokenVerifier);
  const anonymousLimit = options.rateLimitAnonPerMinute > 0 ? new AnonymousRequestLimit(options.rateLimitAnonPerMinute) : undefined;
  const userRateLimit = rateLimit(options.rateLimitPerMinute);
  const mcp = mcpRoutes({
    application: { commands, queries },
    verifier,
    anonymousLimit,
    userRateLimit,
    audience: options.mcp?.audience,
    authorizationServer: options.mcp?.authorizationServer,
  });

  const api = compose<Koa.ParameterizedContext<RequestState>>([
    authenticate(verifier, anonymousLimit),
    userRateLimit,
    jsonBody(),
    // The router's middleware types carry its own context extras; at run time they are plain Koa middleware.
    tasks.routes() as unknown as Koa.Middleware<RequestState>,
    tasks.allowedMethods() as unknown as Koa.Middleware<RequestState>,
    labels.routes() as unknown as Koa.Middleware<RequestState>,
    labels.allowedMethods() as unknown as Koa.Middleware<RequestState>,
    lists.routes() as unknown as Koa.Middleware<RequestState>,
    lists.allowedMethods() as unknown as Koa.Middleware<RequestState>,
    events.routes() as unknown as Koa.Middleware<RequestState>,
    events.allowedMethods() as unknown as Koa.Middleware<RequestState>,
  ]);

  // Behind N proxies, the client is the address the outermost one saw: the N-th entry of X-Forwarded-For
  // from the right. Entries further left were written by the client itself and prove nothing.
  app.proxy = options.trustedProxies > 0;
  app.maxIpsCount = options.trustedProxies;
  app.use(requestContext(options.logger));
  app.use(
    cors({
      origin: (ctx) => {
        const origin = ctx.get('Origin');
        return options.corsOrigins.includes('*') || options.corsOrigins.includes(origin) ? origin : '';
      },
      allowHeaders: ALLOWED_HEADERS,
      exposeHeaders: EXPOSED_HEADERS,
      allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      maxAge: 600,
      keepHeadersOnError: true,
    }),
  );
  app.use(securityHeaders());
  app.use(problemResponses());
  // The API's paths and the rest (health, docs, MCP) share no route: a request goes through one side's routers only.
  const site = compose<Koa.ParameterizedContext<RequestState>>([
    system.routes() as unknown as Koa.Middleware<RequestState>,
    system.allowedMethods() as unknown as Koa.Middleware<RequestState>,
    mcp.routes() as unknown as Koa.Middleware<RequestState>,
    mcp.allowedMethods() as unknown as Koa.Middleware<RequestState>,
  ]);
  app.use((ctx, next) => (ctx.path === '/api' || ctx.path.startsWith('/api/') ? api(ctx, next) : site(ctx, next)));
  // Errors are answered by problemResponses; Koa's own handler would only log them a second time.
  app.silent = true;
  return app;
}
