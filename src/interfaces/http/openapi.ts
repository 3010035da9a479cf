import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { MAX_TASKS_PER_LABEL_CHANGE } from '../../application/commands/change-label.js';
import { MAX_LABELS_PER_TASK, MAX_TASK_DEPTH } from '../../domain/index.js';
import { CreateListBody, ListCollectionSchema, ListIdParams, ListSchema, MoveListBody, RenameListBody } from './list-schemas.js';
import { DOCS_STREAM_PREVIEW_SECONDS } from './routes/system-routes.js';
import { DEFAULT_EVENT_STREAM_SETTINGS as STREAMS } from './server-sent-events.js';
import {
  CompleteTaskBody,
  CreateTaskBody,
  LabelListSchema,
  LabelNameParams,
  LabelSchema,
  ListChangesParams,
  ListTasksParams,
  MoveTaskBody,
  ProblemSchema,
  RenameLabelBody,
  TaskChangePageSchema,
  TaskIdParams,
  TaskPageSchema,
  TaskSchema,
  TaskStatsParams,
  CompletionParams,
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

const IdempotencyHeaders = z.object({
  'Idempotency-Key': z
    .string()
    .min(1)
    .max(255)
    .optional()
    .openapi({ description: '1-255 printable ASCII characters, unique per request you mean to make once (e.g. a UUID)' }),
});
const LastEventIdHeaders = z.object({
  'Last-Event-ID': z
    .string()
    .optional()
    .openapi({ description: 'The `id` of the last message you received (or a `next_cursor`): resume right after it' }),
});

const commonErrors = {
  401: problemResponse('Missing or invalid bearer token (`WWW-Authenticate: Bearer`)'),
  429: problemResponse('Rate limit exceeded: per user, or per client address for requests without valid credentials; see `Retry-After`'),
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
    description:
      'Send an `Idempotency-Key` to make retries safe. The first request with a key creates the task; a repeat with ' +
      'the same key and the same body within 24 hours — from any instance — creates nothing and gets the first ' +
      'answer again (same status, body, `Location` and `ETag`, plus `Idempotent-Replayed: true`), even if the task ' +
      'has changed or been deleted since. "Same body" means the same title, description, due date, priority, parent and labels: key ' +
      'order, white space ' +
      'and ignored fields do not matter. The same key with a different body is `422`; a repeat while the first is ' +
      'still being processed is `409` with `Retry-After` — retry it to get the answer. A request that fails (e.g. ' +
      '`422` for a blank title) leaves nothing behind: a corrected retry may reuse its key. Keys are per user.\n\n' +
      'A user may have at most `MAX_TASKS_PER_USER` tasks (10,000 unless the operator set another number). A create ' +
      'beyond it is `409` with the `limit` in the problem and no `Retry-After`: it cannot succeed until tasks are deleted. ' +
      `So is a task with more than ${MAX_LABELS_PER_TASK} labels.`,
    security,
    request: {
      headers: IdempotencyHeaders,
      body: { required: true, ...json(CreateTaskBody) },
    },
    responses: {
      201: {
        description: 'Created (or, with a key seen before, the first answer replayed)',
        headers: {
          ...etag,
          Location: { description: 'URL of the new task', schema: { type: 'string' } },
          'Idempotent-Replayed': { description: '`true` when this is the replayed answer to an earlier request with the same key', schema: { type: 'string' } },
        },
        ...json(TaskSchema),
      },
      ...bodyErrors,
      400: problemResponse('Malformed JSON, or an `Idempotency-Key` that is not 1-255 printable ASCII characters'),
      404: problemResponse('`parent_id` names no task of yours (a foreign task is indistinguishable from a missing one)'),
      409: problemResponse(
        'A request with this `Idempotency-Key` is still in progress: retry after `Retry-After` seconds. Or you already ' +
          'have the most tasks one user may have: the problem names the `limit`, has no `Retry-After`, and nothing was ' +
          'created; delete tasks to make room. Or the task would have more than ' +
          `${MAX_LABELS_PER_TASK} labels (the problem names the \`limit\`)`,
      ),
      422: problemResponse(
        'Body fails validation (`errors` lists each bad field), the parent is already at the deepest level (`errors` names ' +
          '`parent_id`), or the `Idempotency-Key` was used with a different body',
      ),
      ...commonErrors,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/tasks',
    summary: "List the caller's tasks (keyset-paged)",
    description:
      'Filters combine (all must hold). `overdue=true` keeps the tasks that are not completed and whose due date is before ' +
      'today, today being the date in `tz` (an IANA time zone name, `UTC` by default) when the request is served. ' +
      '`due_before` and `due_after` include the day named and leave out tasks without a due date. `label` keeps the tasks ' +
      'with any of the labels named, in any case. Sorted by `due_date`, ' +
      'tasks without one come last in both orders. `parent_id=<id>` lists the subtasks of one task and `top_level=true` ' +
      'the tasks without a parent; with `sort=position` either lists that group in manual order. `list_id=<id>` (or ' +
      '`list_id=inbox`) keeps one list\'s tasks; with `top_level=true` and `sort=position` it lists that list in manual order. ' +
      '`repeating=true` keeps the tasks that repeat, `repeating=false` the others. ' +
      'Pass `next_cursor` back as `cursor` with the same `sort` and `order` ' +
      '(and filters) for the next page: paging stays exact while tasks are added or removed.',
    security,
    request: { query: ListTasksParams },
    responses: {
      200: {
        description: 'One page of tasks',
        headers: { Link: { description: '`<…>; rel="next"` when there is a next page', schema: { type: 'string' } } },
        ...json(TaskPageSchema),
      },
      400: problemResponse(
        'Invalid query parameter or cursor. For a bad `status`, `sort`, `order`, `q`, `priority`, `due_before`, ' +
          '`due_after`, `overdue`, `tz`, `label`, `parent_id`, `top_level` or `limit`, `errors` names the parameter; a bad `cursor`, ' +
          'or `parent_id` with `top_level=true`, is said in `detail`',
      ),
      404: problemResponse('`list_id` names no list of yours (a foreign list is indistinguishable from a missing one)'),
      ...commonErrors,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/tasks/stats',
    summary: "Counts of the caller's tasks",
    description:
      '`overdue` counts the tasks not completed and due before today, `due_today` those not completed and due today, ' +
      'today being the date in `tz` (an IANA time zone name, `UTC` by default). Completed tasks are never counted as late.',
    security,
    request: { query: TaskStatsParams },
    responses: {
      200: { description: 'Counts', ...json(TaskStatsSchema) },
      400: problemResponse('`tz` is not an IANA time zone name (`errors` names `tz`)'),
      ...commonErrors,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/tasks/changes',
    summary: "The caller's change log, for incremental sync",
    description:
      'Every change to your tasks (`task.created`, `task.updated`, `task.completed`, `task.reopened`, `task.repeated`, ' +
      '`task.deleted`; `task.repeated`: a repeating task was completed and moved on to its next due date, still pending) ' +
      'and to your lists (`list.created`, `list.updated`, `list.deleted`), oldest first in one order, each with the full ' +
      'task or list after it (a `Change`: tell the two apart by `type`). Start without `since`, apply the changes in order, keep ' +
      '`next_cursor`, and later ask with `since=<next_cursor>` for what happened since: `next_cursor` is never null, so ' +
      'the same loop serves the first sync and every poll after it. While `has_more` is true, ask again at once. ' +
      'One change that touches several fields at once (e.g. a PATCH setting title and completed) appears as one entry per ' +
      'kind of change, each carrying the same task. A cursor that is malformed or beyond the end of your log is `400`. ' +
      'For live updates, follow `GET /api/events` from the same cursor.\n\n' +
      '**The log does not keep everything.** Changes older than the operator’s `CHANGE_RETENTION_DAYS` (30 days unless ' +
      'set) are compacted away; first, each task’s and each list’s latest change among them is appended again at the end ' +
      'of the log (same `type`, `task` or `list` and `occurred_at`, a new `id`), so reading from the start still rebuilds ' +
      'your tasks and lists. ' +
      'A cursor into the removed part is `410 Gone`, like an expired delta token: drop local data and sync again ' +
      'from the start. A client that syncs at least once within the retention period is never affected; one that ' +
      'is ahead of the removed part may receive those carried changes again, which changes nothing it holds.',
    security,
    request: { query: ListChangesParams },
    responses: {
      200: { description: 'A page of changes', ...json(TaskChangePageSchema) },
      400: problemResponse('Invalid `limit`, or a `since` cursor that is malformed or not from your change log'),
      410: problemResponse(
        '`since` is older than your change log still reaches (its changes were compacted away after `CHANGE_RETENTION_DAYS`): ' +
          'sync again from the beginning',
      ),
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
  // What every change of one task answers: PUT, PATCH and PATCH …/complete alike.
  const changedTaskResponses = {
    200: { description: 'The changed task', headers: etag, ...json(TaskSchema) },
    412: problemResponse('`If-Match` does not match the current version'),
    409: problemResponse(`More than ${MAX_LABELS_PER_TASK} labels: the problem names the \`limit\`, and nothing was changed`),
    ...bodyErrors,
    ...taskErrors,
  };
  for (const method of ['put', 'patch'] as const) {
    registry.registerPath({
      method,
      path: '/api/tasks/{id}',
      summary: 'Change any of title, description, due_date, priority, completed, labels, list_id, repeat, repeat_from',
      description:
        'PUT and PATCH both take a partial body: the fields present are changed; `"due_date": null` takes the due date away ' +
        `(and the repeat with it); \`labels\` replaces the task's labels (more than ${MAX_LABELS_PER_TASK} is \`409\` with the \`limit\`). ` +
        '`"completed": true` on a repeating task moves it on to its next date instead of closing it, today being the date in `tz`.',
      security,
      request: { params: TaskIdParams, query: CompletionParams, headers: ifMatch, body: { required: true, ...json(UpdateTaskBody) } },
      responses: changedTaskResponses,
    });
  }
  registry.registerPath({
    method: 'patch',
    path: '/api/tasks/{id}/complete',
    summary: 'Toggle completion, or set it',
    description:
      'Completing a repeating task does not close it while its rule has another date: it stays pending, its `due_date` moved ' +
      "to the rule's next date after today (today in `tz`; see `repeat_from`), and the change log records `task.repeated`. " +
      'Each such completion moves it on once, so it is never a no-op; the completion after its last date closes it.',
    security,
    request: { params: TaskIdParams, query: CompletionParams, headers: ifMatch, body: { required: false, ...json(CompleteTaskBody) } },
    responses: changedTaskResponses,
  });
  registry.registerPath({
    method: 'post',
    path: '/api/tasks/{id}/move',
    summary: 'Move a task in the manual order, or under another parent',
    description:
      '`{"after_id": "<sibling>"}` puts the task right after that sibling, `{"before_id": "<sibling>"}` right before it; ' +
      '`{"after_id": null}` moves it to the start of its group, `{"before_id": null}` to the end. With `parent_id` the task ' +
      'and its subtasks go under that task (`null`: the top level), beside a sibling of that group; the task must stay ' +
      `within ${MAX_TASK_DEPTH} levels with its subtasks and cannot go under itself or one of its own subtasks. With \`list_id\` ` +
        '(a list id or `inbox`) the task and its subtasks go into that list; beside `parent_id` it must be the parent\'s list. A move ' +
      'rewrites the task\'s `position` (and `parent_id`) and no other task: every other task keeps its position. A move to ' +
      'where the task already is changes nothing. `If-Match` applies, and `Idempotency-Key` makes retries safe as on create.',
    security,
    request: {
      params: TaskIdParams,
      headers: ifMatch.extend(IdempotencyHeaders.shape),
      body: { required: true, ...json(MoveTaskBody) },
    },
    responses: {
      ...changedTaskResponses,
      200: {
        description: 'The moved task (or, with a key seen before, the first answer replayed)',
        headers: {
          ...etag,
          'Idempotent-Replayed': { description: '`true` when this is the replayed answer to an earlier request with the same key', schema: { type: 'string' } },
        },
        ...json(TaskSchema),
      },
      404: problemResponse(
        'No such task for this user, or `parent_id` or `list_id` names none of yours (a foreign task or list is indistinguishable)',
      ),
      409: problemResponse('A request with this `Idempotency-Key` is still in progress: retry after `Retry-After` seconds'),
      422: problemResponse(
        'Body fails validation, `after_id`/`before_id` is not a sibling in the group the task goes to, or the task cannot ' +
          'go under `parent_id` (a cycle, or deeper than allowed); `errors` names the field',
      ),
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
  registry.register('Label', LabelSchema);
  const labelErrors = { ...commonErrors, 404: problemResponse('You have no task with this label, in any case') };
  registry.registerPath({
    method: 'get',
    path: '/api/labels',
    summary: "The caller's labels, with how many tasks have each",
    description:
      'Every label on your tasks once, in one spelling (the one on your earliest task that has it), sorted by name ' +
      'ignoring case, with how many of your tasks have it. All of them in one answer, not paged.',
    security,
    responses: { 200: { description: 'Your labels', ...json(LabelListSchema) }, ...commonErrors },
  });
  const onEveryTask =
    'Each task it changes gets its own version bump and `task.updated` in your change log (and live stream), so a ' +
    `client replaying the log rebuilds the same labels. At most ${MAX_TASKS_PER_LABEL_CHANGE} tasks change at once: ` +
    'a label on more is `409` with that `limit`, and nothing is changed.';
  registry.registerPath({
    method: 'patch',
    path: '/api/labels/{name}',
    summary: 'Rename a label on every one of your tasks',
    description:
      'Renames the label (named in any case) on every one of your tasks that has it. If the new name is another of ' +
      'your labels in some case, the two merge into one, kept once on each task where the first of them was; tasks with ' +
      'that label in another spelling take the new spelling too. ' +
      onEveryTask,
    security,
    request: { params: LabelNameParams, body: { required: true, ...json(RenameLabelBody) } },
    responses: {
      200: { description: 'The label under its new name, and how many of your tasks have it now', ...json(LabelSchema) },
      409: problemResponse(`The label is on more than ${MAX_TASKS_PER_LABEL_CHANGE} tasks (the problem names the \`limit\`)`),
      ...bodyErrors,
      ...labelErrors,
    },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/labels/{name}',
    summary: 'Take a label off every one of your tasks',
    description: 'Takes the label (named in any case) off every one of your tasks that has it. ' + onEveryTask,
    security,
    request: { params: LabelNameParams },
    responses: {
      204: { description: 'Taken off every task' },
      409: problemResponse(`The label is on more than ${MAX_TASKS_PER_LABEL_CHANGE} tasks (the problem names the \`limit\`)`),
      ...labelErrors,
    },
  });
  registry.register('List', ListSchema);
  const listEtag = { ETag: { description: 'The list version as a strong entity tag, `"<version>"`', schema: { type: 'string' as const } } };
  const listIfMatch = z.object({
    'If-Match': z.string().optional().openapi({ description: '`"<version>"`: change only if the list is still at that version, else 412' }),
  });
  const listErrors = {
    ...commonErrors,
    404: problemResponse('No such list for this user (a foreign list is indistinguishable from a missing one)'),
  };
  const replayedHeader = {
    'Idempotent-Replayed': { description: '`true` when this is the replayed answer to an earlier request with the same key', schema: { type: 'string' as const } },
  };
  const onTheLog = 'Each change is a `list.created`, `list.updated` or `list.deleted` in your change log and live stream.';
  registry.registerPath({
    method: 'get',
    path: '/api/lists',
    summary: "The caller's lists, in manual order",
    description:
      'Every one of your lists in one answer, not paged (a user has at most `MAX_LISTS_PER_USER` lists, 500 unless the ' +
      'operator set another number), in manual order. Your inbox is among them from your first request on.',
    security,
    responses: { 200: { description: 'Your lists', ...json(ListCollectionSchema) }, ...commonErrors },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/lists',
    summary: 'Create a list',
    description:
      'The list goes to the end of your lists. Names are unique among your lists ignoring case: a name you already have, ' +
      'in any case, is `409`. A user may have at most `MAX_LISTS_PER_USER` lists, the inbox counted: one more is `409` ' +
      'with the `limit` in the problem. `Idempotency-Key` makes retries safe as on `POST /api/tasks` (the same body ' +
      'means the same name). ' +
      onTheLog,
    security,
    request: { headers: IdempotencyHeaders, body: { required: true, ...json(CreateListBody) } },
    responses: {
      201: {
        description: 'Created (or, with a key seen before, the first answer replayed)',
        headers: { ...listEtag, Location: { description: 'URL of the new list', schema: { type: 'string' } }, ...replayedHeader },
        ...json(ListSchema),
      },
      ...bodyErrors,
      400: problemResponse('Malformed JSON, or an `Idempotency-Key` that is not 1-255 printable ASCII characters'),
      409: problemResponse(
        'You already have a list of that name in some case; or you have the most lists one user may have (the problem ' +
          'names the `limit`, and nothing was created); or a request with this `Idempotency-Key` is still in progress ' +
          '(retry after `Retry-After` seconds)',
      ),
      422: problemResponse('Body fails validation (`errors` names `name`), or the `Idempotency-Key` was used with a different body'),
      ...commonErrors,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/lists/{id}',
    summary: 'Read a list',
    security,
    request: {
      params: ListIdParams,
      headers: z.object({ 'If-None-Match': z.string().optional().openapi({ description: 'A previous ETag: 304 if unchanged' }) }),
    },
    responses: { 200: { description: 'The list', headers: listEtag, ...json(ListSchema) }, 304: { description: 'Not modified' }, ...listErrors },
  });
  registry.registerPath({
    method: 'patch',
    path: '/api/lists/{id}',
    summary: 'Rename a list',
    description: 'The inbox can be renamed too. A name you already have for another list, in any case, is `409`. ' + onTheLog,
    security,
    request: { params: ListIdParams, headers: listIfMatch, body: { required: true, ...json(RenameListBody) } },
    responses: {
      200: { description: 'The renamed list', headers: listEtag, ...json(ListSchema) },
      409: problemResponse('You already have another list of that name, in some case'),
      412: problemResponse('`If-Match` does not match the current version'),
      ...bodyErrors,
      ...listErrors,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/lists/{id}/move',
    summary: 'Move a list in your manual order of lists',
    description:
      '`{"after_id": "<list>"}` puts the list right after that other list, `{"before_id": "<list>"}` right before it; ' +
      '`{"after_id": null}` moves it to the start, `{"before_id": null}` to the end. A move rewrites the list\'s `position` ' +
      'and no other list\'s; a move to where the list already is changes nothing. `If-Match` applies, and ' +
      '`Idempotency-Key` makes retries safe as on create. ' +
      onTheLog,
    security,
    request: { params: ListIdParams, headers: listIfMatch.extend(IdempotencyHeaders.shape), body: { required: true, ...json(MoveListBody) } },
    responses: {
      200: { description: 'The moved list (or, with a key seen before, the first answer replayed)', headers: { ...listEtag, ...replayedHeader }, ...json(ListSchema) },
      409: problemResponse('A request with this `Idempotency-Key` is still in progress: retry after `Retry-After` seconds'),
      412: problemResponse('`If-Match` does not match the current version'),
      ...bodyErrors,
      422: problemResponse('Body fails validation, or `after_id`/`before_id` names no other list of yours; `errors` names the field'),
      ...listErrors,
    },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/lists/{id}',
    summary: 'Delete a list and every task in it',
    description:
      'Deletes the list and its tasks, subtasks included: each task gets its own `task.deleted` in your change log, ' +
      'then the list its `list.deleted`, all in one step. The inbox cannot be deleted (`409`).',
    security,
    request: { params: ListIdParams, headers: listIfMatch },
    responses: {
      204: { description: 'Deleted, with its tasks' },
      409: problemResponse('The list is your inbox, which cannot be deleted'),
      412: problemResponse('`If-Match` does not match the current version'),
      ...listErrors,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/events',
    summary: "The caller's task and list changes, live (Server-Sent Events)",
    description: [
      'A `text/event-stream` of your changes as they commit, on whichever instance of the service they were made.',
      'Each message is one change from your change log (see `GET /api/tasks/changes`):',
      '',
      '```',
      'id: 0000000000000043',
      'event: task.completed',
      'data: {"id":"0000000000000043","type":"task.completed","task_id":"…","occurred_at":"…","task":{…}}',
      '',
      'id: 0000000000000044',
      'event: list.updated',
      'data: {"id":"0000000000000044","type":"list.updated","list_id":"…","occurred_at":"…","list":{…}}',
      '```',
      '',
      '`id` is the change id, `event` its type, `data` the change (a `Change`: a `TaskChange` or a `ListChange`) as JSON.',
      'Without `Last-Event-ID` the stream starts with the next change; with it, it first sends every change after that id, in order, then',
      'carries on live — so reconnect with the id of the last message you received and you miss nothing and get',
      'nothing twice. A good pattern: sync with `GET /api/tasks/changes`, then open the stream with',
      `\`Last-Event-ID: <next_cursor>\`. A comment line (\`: heartbeat\`) goes out every ${STREAMS.heartbeatMs / 1000} s; a \`retry:\` line`,
      'suggests a reconnection delay. The stream ends when the server shuts down, or if the client stops reading and',
      `more than ${STREAMS.maxBufferedBytes / 1024} KiB backs up for ${STREAMS.drainTimeoutMs / 1000} s: reconnect with \`Last-Event-ID\`.`,
      'It also ends when the token it was opened with expires: reconnect with a fresh token and `Last-Event-ID`.',
      'If your change log is erased (an operator’s purge), the stream sends `event: reset` (no id) and ends: drop',
      'local data and sync again from the start — resuming with the old id is refused with 400. The same happens if',
      'changes the stream had still to send were compacted away (it resumed from an id older than',
      '`CHANGE_RETENTION_DAYS`); a `Last-Event-ID` into the compacted part of the log is refused with 410.',
      `At most ${STREAMS.maxStreamsPerUser} streams per user per instance (\`429\`).`,
      'Browsers’ `EventSource` cannot send the `Authorization` header; read the stream with `fetch` instead.',
      '',
      `On \`/docs\`, "Try it out" reads the stream for ${DOCS_STREAM_PREVIEW_SECONDS} s, then closes it and shows what came: the`,
      '`retry:` line and any change made meanwhile — or, given a `Last-Event-ID`, first the changes after it.',
    ].join('\n'),
    security,
    request: { headers: LastEventIdHeaders },
    responses: {
      200: {
        description: 'The event stream (never ends by itself); each `data:` is a `Change` (a `TaskChange` or a `ListChange`) as JSON',
        headers: {
          'Cache-Control': { description: '`private, no-cache, no-transform`', schema: { type: 'string' } },
          'X-Accel-Buffering': { description: '`no`: proxies must not buffer the stream', schema: { type: 'string' } },
        },
        content: {
          'text/event-stream': {
            schema: z.string().openapi({
              description: 'Server-Sent Events: `id`, `event` and `data` (a `Change`) per change, blank-line separated',
              example: 'id: 0000000000000001\nevent: task.created\ndata: {"id":"0000000000000001","type":"task.created",…}\n\n',
            }),
          },
        },
      },
      400: problemResponse('`Last-Event-ID` is malformed or not from your change log'),
      410: problemResponse(
        '`Last-Event-ID` is older than your change log still reaches (compacted after `CHANGE_RETENTION_DAYS`): sync again ' +
          'from the beginning with `GET /api/tasks/changes`',
      ),
      ...commonErrors,
      429: problemResponse('Too many open streams for this user, or rate limit exceeded; see `Retry-After`'),
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
        'Per-user tasks behind JWT bearer authentication, with a change log for offline sync, a live event stream ' +
        '(Server-Sent Events) and idempotent creation. Every error is `application/problem+json` (RFC 9457); every ' +
        'response carries `X-Request-Id`.',
    },
    servers: [{ url: '/' }],
  });
}
