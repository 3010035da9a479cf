import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  CompleteTaskBody,
  CreateTaskBody,
  ListChangesParams,
  ListTasksParams,
  ProblemSchema,
  TaskChangePageSchema,
  TaskIdParams,
  TaskPageSchema,
  TaskSchema,
  TaskStatsSchema,
  UpdateTaskBody,
} from './task-schemas.js';

const problemResponse = (description: string): ResponseConfig => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

const etag = { ETag: { description: 'The task version as a strong entity tag, `"<version>"`', schema: { type: 'string' as const } } };
const ifMatch = z.object({
  'If-Match': z.string().optional().openapi({ description: '`"<version>"`: change only if the task is still at that version, else 412' }),
});

const commonErrors = {
  401: problemResponse('Missing or invalid bearer token (`WWW-Authenticate: Bearer`)'),
  429: problemResponse('Rate limit exceeded; see `Retry-After`'),
  503: problemResponse('Database or key server unavailable; see `Retry-After`'),
};
const taskErrors = { ...commonErrors, 404: problemResponse('No such task for this user (a foreign task is indistinguishable)') };
const bodyErrors = {
  400: problemResponse('Malformed JSON'),
  413: problemResponse('Body larger than 64 KiB'),
  415: problemResponse('Body is not application/json'),
  422: problemResponse('Body fails validation; `errors` lists each bad field'),
};

function buildRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A Better Auth JWT (JWKS mode) or an HS256 token signed with BETTER_AUTH_SECRET',
  });
  const security = [{ [bearer.name]: [] }];
  registry.register('Task', TaskSchema);

  registry.registerPath({
    method: 'post',
    path: '/api/tasks',
    summary: 'Create a task',
    security,
    request: { body: { required: true, ...json(CreateTaskBody) } },
    responses: {
      201: { description: 'Created', headers: { ...etag, Location: { description: 'URL of the new task', schema: { type: 'string' } } }, ...json(TaskSchema) },
      ...bodyErrors,
      ...commonErrors,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/tasks',
    summary: "List the caller's tasks (keyset-paged)",
    security,
    request: { query: ListTasksParams },
    responses: {
      200: {
        description: 'One page of tasks',
        headers: { Link: { description: '`<…>; rel="next"` when there is a next page', schema: { type: 'string' } } },
        ...json(TaskPageSchema),
      },
      400: problemResponse('Invalid query parameter or cursor'),
      ...commonErrors,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/tasks/stats',
    summary: "Counts of the caller's tasks",
    security,
    responses: { 200: { description: 'Counts', ...json(TaskStatsSchema) }, ...commonErrors },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/tasks/changes',
    summary: "The caller's change log, for incremental sync",
    description:
      'Every change to your tasks (`task.created`, `task.updated`, `task.completed`, `task.reopened`, `task.deleted`), ' +
      'oldest first, each with the full task after it. Start without `since`, apply the changes in order, keep ' +
      '`next_cursor`, and later ask with `since=<next_cursor>` for what happened since: `next_cursor` is never null, so ' +
      'the same loop serves the first sync and every poll after it. While `has_more` is true, ask again at once. ' +
      'One change that touches several fields at once (e.g. a PATCH setting title and completed) appears as one entry per ' +
      'kind of change, each carrying the same task. A cursor that is malformed or beyond the end of your log is `400`. ' +
      'For live updates, follow `GET /api/events` from the same cursor.',
    security,
    request: { query: ListChangesParams },
    responses: {
      200: { description: 'A page of changes', ...json(TaskChangePageSchema) },
      400: problemResponse('Invalid `limit`, or a `since` cursor that is malformed or not from your change log'),
      ...commonErrors,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/tasks/{id}',
    summary: 'Read a task',
    security,
    request: {
      params: TaskIdParams,
      headers: z.object({ 'If-None-Match': z.string().optional().openapi({ description: 'A previous ETag: 304 if unchanged' }) }),
    },
    responses: { 200: { description: 'The task', headers: etag, ...json(TaskSchema) }, 304: { description: 'Not modified' }, ...taskErrors },
  });
  for (const method of ['put', 'patch'] as const) {
    registry.registerPath({
      method,
      path: '/api/tasks/{id}',
      summary: 'Change any of title, description, completed',
      description: 'PUT and PATCH both take a partial body: the fields present are changed.',
      security,
      request: { params: TaskIdParams, headers: ifMatch, body: { required: true, ...json(UpdateTaskBody) } },
      responses: {
        200: { description: 'The changed task', headers: etag, ...json(TaskSchema) },
        412: problemResponse('`If-Match` does not match the current version'),
        ...bodyErrors,
        ...taskErrors,
      },
    });
  }
  registry.registerPath({
    method: 'patch',
    path: '/api/tasks/{id}/complete',
    summary: 'Toggle completion, or set it',
    security,
    request: { params: TaskIdParams, headers: ifMatch, body: { required: false, ...json(CompleteTaskBody) } },
    responses: {
      200: { description: 'The changed task', headers: etag, ...json(TaskSchema) },
      412: problemResponse('`If-Match` does not match the current version'),
      ...bodyErrors,
      ...taskErrors,
    },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/tasks/{id}',
    summary: 'Delete a task',
    security,
    request: { params: TaskIdParams, headers: ifMatch },
    responses: {
      204: { description: 'Deleted' },
      412: problemResponse('`If-Match` does not match the current version'),
      ...taskErrors,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/healthz',
    summary: 'Liveness: the process is up',
    responses: { 200: { description: 'Alive', ...json(z.object({ status: z.literal('ok') })) } },
  });
  registry.registerPath({
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: the database answers',
    responses: {
      200: { description: 'Ready', ...json(z.object({ status: z.literal('ready') })) },
      503: problemResponse('Database unreachable'),
    },
  });
  return registry;
}

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function buildOpenApiDocument(): object {
  return new OpenApiGeneratorV31(buildRegistry().definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Tasks API',
      version: '1.0.0',
      description:
        'Per-user tasks behind JWT bearer authentication. Every error is `application/problem+json` (RFC 9457); every response carries `X-Request-Id`.',
    },
    servers: [{ url: '/' }],
  });
}
