/**
 * The MCP endpoint on the API's own Koa app and port: `POST /mcp` (Streamable HTTP, stateless), behind the same
 * authentication and rate limits as `/api`, and its OAuth protected resource metadata (RFC 9728), which tells an
 * MCP client where to get a token when `/mcp` answers 401.
 */
import Router from '@koa/router';
import type { Middleware, ParameterizedContext } from 'koa';
import { AuthenticationError } from '../../application/errors.js';
import type { TokenVerifier } from '../../application/ports/token-verifier.js';
import { authenticate } from '../http/middleware/authenticate.js';
import type { AnonymousRequestLimit } from '../http/middleware/rate-limit.js';
import type { RequestState } from '../http/middleware/request-context.js';
import { bearerChallenge, HttpProblem } from '../http/problem.js';
import type { TasksApplication } from './tasks-mcp-server.js';

export const MCP_PATH = '/mcp';
const METADATA_PATH = '/.well-known/oauth-protected-resource';
/** Where the metadata of the resource `<origin>/mcp` is (RFC 9728 §3.1); clients try it before the bare path. */
const MCP_METADATA_PATH = `${METADATA_PATH}${MCP_PATH}`;
const REALM = 'tasks-api';
const RESOURCE_NAME = 'Tasks API';

/**
 * The largest request body `/mcp` reads. Larger than the REST API's 64 KiB: one call may carry 25 tasks, each with
 * a 1000-character description of characters up to 4 bytes long.
 */
export const MCP_BODY_LIMIT = 256 * 1024;

export interface McpHttpOptions {
  readonly application: TasksApplication;
  readonly verifier: TokenVerifier;
  /** The budget for requests without valid credentials, shared with `/api`. */
  readonly anonymousLimit: AnonymousRequestLimit | undefined;
  /** The per-user rate limit, the same middleware (and budget) as `/api`'s. */
  readonly userRateLimit: Middleware<RequestState>;
  /** MCP_AUDIENCE: the `aud` every token must carry here, and the resource the metadata names. */
  readonly audience: string | undefined;
  /** BETTER_AUTH_URL: the authorization server clients are sent to for a token. */
  readonly authorizationServer: string | undefined;
}

// A host name, an IPv4 address or a bracketed IPv6 address, with an optional port: anything else in Host (or a
// trusted X-Forwarded-Host) is not put into a URL handed to clients.
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The service's public origin as the client reached it: the request's Host and scheme, or the proxy's
 * X-Forwarded-Host and X-Forwarded-Proto when TRUST_PROXY says a proxy is in front (Koa's `app.proxy`).
 */
export function publicOrigin(ctx: ParameterizedContext<RequestState>): string {
  const host = ctx.host;
  if (!HOST.test(host)) throw new HttpProblem(400, 'The Host header is not a valid host name');
  return `${ctx.protocol === 'https' ? 'https' : 'http'}://${host}`;
}

/**
 * The MCP SDK and the tools, loaded on the first `/mcp` request: an instance no agent talks to never holds them
 * (about 10 MiB of heap).
 */
let machinery: Promise<{ Transport: typeof import('@modelcontextprotocol/sdk/server/streamableHttp.js').StreamableHTTPServerTransport; createServer: typeof import('./tasks-mcp-server.js').createTasksMcpServer }> | undefined;
function loadMachinery(): NonNullable<typeof machinery> {
  machinery ??= Promise.all([import('@modelcontextprotocol/sdk/server/streamableHttp.js'), import('./tasks-mcp-server.js')]).then(
    ([sdk, tools]) => ({ Transport: sdk.StreamableHTTPServerTransport, createServer: tools.createTasksMcpServer }),
  );
  return machinery;
}

export function mcpRoutes(options: McpHttpOptions): Router<RequestState> {
  const router = new Router<RequestState>();

  const metadata: Middleware<RequestState> = (ctx) => {
    // It depends on the Host the client used: no shared cache may keep it for another.
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = {
      resource: options.audience ?? `${publicOrigin(ctx)}${MCP_PATH}`,
      ...(options.authorizationServer !== undefined && { authorization_servers: [options.authorizationServer] }),
      bearer_methods_supported: ['header'],
      resource_name: RESOURCE_NAME,
    };
  };
  router.get(METADATA_PATH, metadata);
  router.get(MCP_METADATA_PATH, metadata);

  router.all(MCP_PATH, onlyPost, challengeWithMetadata, authenticate(options.verifier, options.anonymousLimit, options.audience), options.userRateLimit, async (ctx) => {
    const { Transport, createServer } = await loadMachinery();
    const server = createServer(options.application, ctx.state.userId!, ctx.state.log);
    const transport = new Transport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
      maxRequestBodySize: MCP_BODY_LIMIT,
    });
    try {
      await server.connect(transport);
      // The transport reads the body and writes the answer on the raw Node request and response.
      ctx.respond = false;
      await transport.handleRequest(ctx.req, ctx.res);
    } catch (error) {
      if (ctx.res.headersSent) {
        ctx.state.log.error({ err: error }, 'MCP request failed after its answer began');
        ctx.res.destroy();
        return;
      }
      ctx.respond = true;
      throw error;
    } finally {
      await server.close();
    }
  });

  return router;
}

/**
 * Stateless Streamable HTTP has no stream to open (GET) and no session to end (DELETE): only POST, as the SDK's
 * stateless examples answer.
 */
const onlyPost: Middleware<RequestState> = async (ctx, next) => {
  if (ctx.method !== 'POST') throw new HttpProblem(405, `${ctx.method} is not allowed here: MCP requests are POSTed`, { Allow: 'POST' });
  await next();
};

/**
 * A refused credential's challenge names this resource's metadata (RFC 9728 §5.1, the MCP authorization spec): how
 * a client finds the authorization server to get a token from.
 */
const challengeWithMetadata: Middleware<RequestState> = async (ctx, next) => {
  try {
    await next();
  } catch (error) {
    if (!(error instanceof AuthenticationError)) throw error;
    const challenge = bearerChallenge(error, { realm: REALM, resource_metadata: `${publicOrigin(ctx)}${MCP_METADATA_PATH}` });
    throw new HttpProblem(401, error.message, { 'WWW-Authenticate': challenge });
  }
};
