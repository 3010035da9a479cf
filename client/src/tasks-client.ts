/**
 * The tasks API client: openapi-fetch over the generated `paths`, so every path, parameter, body and answer is
 * typed from the OpenAPI document, plus what generation cannot give: a fresh token on every request, errors as a
 * typed `TasksApiError`, listing pages as an async iterator, and the live event stream.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema.js';
import { followTaskEvents, type FollowTaskEventsOptions, type TaskStreamEvent } from './task-events.js';
import { TasksApiError } from './tasks-api-error.js';

export type Task = components['schemas']['Task'];
export type TaskPage = components['schemas']['TaskPage'];
export type TaskStats = components['schemas']['TaskStats'];
export type CreateTask = components['schemas']['CreateTask'];
export type UpdateTask = components['schemas']['UpdateTask'];
export type Label = components['schemas']['Label'];
export type LabelList = components['schemas']['LabelList'];
export type MoveTask = components['schemas']['MoveTask'];
export type ListTasksQuery = NonNullable<paths['/api/tasks']['get']['parameters']['query']>;

export interface TasksClientOptions {
  /** Where the API is served, e.g. `http://127.0.0.1:8000`. */
  baseUrl: string;
  /**
   * The bearer token for the next request — called before every request and every event-stream connection,
   * so it can hand out a cached token and fetch a new one when it is about to expire. Return null when
   * signed out (the API then answers 401); what it throws reaches the caller.
   */
  getToken: () => string | null | undefined | Promise<string | null | undefined>;
  /** The fetch to use; `globalThis.fetch` by default. */
  fetch?: (request: Request) => Promise<Response>;
}

export interface TasksClient {
  /**
   * The typed API: `api.GET('/api/tasks', { params: { query: { status: 'pending' } } })`. Answers are
   * `{ data, error, response }`, as openapi-fetch gives them; pass them to `unwrap` to get the data or a
   * thrown `TasksApiError`.
   */
  readonly api: Client<paths>;
  /** The pages of `GET /api/tasks` for `query`, following `next_cursor` until the last page. */
  pages(query?: ListTasksQuery, init?: { signal?: AbortSignal }): AsyncGenerator<TaskPage, void, undefined>;
  /** Every task for `query`, page after page. */
  tasks(query?: ListTasksQuery, init?: { signal?: AbortSignal }): AsyncGenerator<Task, void, undefined>;
  /** The caller's changes, live (`GET /api/events`); see `followTaskEvents`. */
  events(options?: FollowTaskEventsOptions): AsyncGenerator<TaskStreamEvent, void, undefined>;
}

export function createTasksClient(options: TasksClientOptions): TasksClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const fetchRequest = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const api = createClient<paths>({ baseUrl, fetch: fetchRequest });
  api.use({
    async onRequest({ request }) {
      const token = await options.getToken();
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
  });

  async function* pages(query: ListTasksQuery = {}, init: { signal?: AbortSignal } = {}) {
    let cursor = query.cursor;
    do {
      const page = unwrap(await api.GET('/api/tasks', { params: { query: { ...query, cursor } }, signal: init.signal }));
      yield page;
      cursor = page.next_cursor ?? undefined;
    } while (cursor !== undefined);
  }

  async function* tasks(query: ListTasksQuery = {}, init: { signal?: AbortSignal } = {}) {
    for await (const page of pages(query, init)) yield* page.items;
  }

  return {
    api,
    pages,
    tasks,
    events: (eventOptions) => followTaskEvents({ baseUrl, getToken: options.getToken, fetch: fetchRequest }, eventOptions),
  };
}

/** The data of a successful answer: `never` data (a 204) becomes `undefined`. */
export type DataOf<Result extends { data?: unknown }> = [NonNullable<Result['data']>] extends [never]
  ? undefined
  : NonNullable<Result['data']>;

/**
 * The data of an openapi-fetch answer, or — for any status that is not 2xx — a thrown `TasksApiError` carrying
 * the API's problem: `const task = unwrap(await client.api.POST('/api/tasks', { body: { title } }))`.
 */
export function unwrap<Result extends { data?: unknown; error?: unknown; response: Response }>(result: Result): DataOf<Result> {
  if (!result.response.ok) throw TasksApiError.fromResponse(result.response, result.error);
  return result.data as DataOf<Result>;
}

/** The `If-Match` value that makes a change apply only to this version of the task. */
export function ifMatch(task: Pick<Task, 'version'>): string {
  return `"${task.version}"`;
}
