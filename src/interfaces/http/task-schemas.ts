/**
 * The HTTP contract in zod: request validation at the edge and, from the same schemas, the OpenAPI document.
 * Length limits appear here as documentation only; the domain's value objects enforce them.
 * Request parameters show their examples in the description, never as `example` or `default`: Swagger UI puts
 * those into its "Try it out" form, where they would filter the answer by values the user never chose.
 */
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { TaskChangeCursor } from '../../application/changes/task-change.js';
import {
  dueDateFilterMessage,
  LABEL_FILTER_MESSAGE,
  LIST_DEFAULTS,
  ORDER_MESSAGE,
  PARENT_FILTER_MESSAGE,
  PRIORITY_FILTER_MESSAGE,
  SEARCH_MAX_LENGTH,
  SEARCH_MESSAGE,
  SORT_MESSAGE,
  SORT_ORDERS,
  STATUS_FILTER_MESSAGE,
  TASK_SORT_FIELDS,
  TASK_STATUS_FILTERS,
  tryParseLabelFilter,
  tryParsePriorityFilter,
} from '../../application/queries/list-tasks.js';
import { PAGE_LIMIT, PAGE_LIMIT_MESSAGE } from '../../application/queries/page-limit.js';
import { CURSOR_MESSAGE } from '../../application/queries/task-list-cursor.js';
import { TIME_ZONE_MESSAGE, TimeZone } from '../../application/queries/time-zone.js';
import {
  DESCRIPTION_MAX_LENGTH,
  LIST_EVENT_TYPES,
  LIST_NAME_MAX_LENGTH,
  DUE_DATE_MAX,
  DUE_DATE_MIN,
  LABEL_NAME_MAX_LENGTH,
  MAX_LABELS_PER_TASK,
  MAX_TASK_DEPTH,
  PRIORITY_MESSAGE,
  REPEAT_FROM_MESSAGE,
  REPEAT_MAX_COUNT,
  REPEAT_MAX_INTERVAL,
  REPEAT_MAX_LENGTH,
  TASK_EVENT_TYPES,
  TASK_REPEAT_FROM,
  TASK_PRIORITIES,
  TaskDueDate,
  TaskId,
  TITLE_MAX_LENGTH,
} from '../../domain/index.js';

extendZodWithOpenApi(z);

const timestamp = z.string().openapi({ format: 'date-time', example: '2026-11-25T10:00:00.000Z' });

const DUE_DATE_DESCRIPTION =
  `The day the task is due: a calendar date \`YYYY-MM-DD\` from ${DUE_DATE_MIN} to ${DUE_DATE_MAX}, with no time ` +
  'and no time zone (the day the user means, the same wherever it is read)';
const LABELS_DESCRIPTION =
  `The task's labels, in the order given: each 1-${LABEL_NAME_MAX_LENGTH} characters of plain text, trimmed; the same name in ` +
  `another case is the same label, kept once in the spelling that came first; at most ${MAX_LABELS_PER_TASK} (more is \`409\`)`;
const REPEAT_DESCRIPTION =
  'How the task repeats: an RFC 5545 recurrence rule (RRULE) without the `RRULE:` prefix, over due dates — `FREQ` ' +
  `(\`DAILY\`, \`WEEKLY\`, \`MONTHLY\`, \`YEARLY\`), and optionally \`INTERVAL\` (1-${REPEAT_MAX_INTERVAL}), \`COUNT\` ` +
  `(1-${REPEAT_MAX_COUNT}) or \`UNTIL\` (a date \`YYYYMMDD\`), \`BYMONTH\`, \`BYMONTHDAY\` (1 to 31, or -1 for the last day), ` +
  '`BYDAY` (`MO`…`SU`; with `MONTHLY`/`YEARLY` also `1MO`, `-1FR`: the first Monday, the last Friday). Answered in one ' +
  'normalized spelling: upper case, parts in the order FREQ, INTERVAL, COUNT or UNTIL, BYMONTH, BYMONTHDAY, BYDAY, each ' +
  'list sorted, `INTERVAL=1` left out, UNTIL as a date. `COUNT` is what is left: the dates still to come, counting the ' +
  'current due date; each completion that moves the task on uses one. Parts left out come from the due date (RFC 5545): ' +
  '`FREQ=WEEKLY` repeats on the due date\'s weekday, `FREQ=MONTHLY` on its day of the month, skipping months without it';
const REPEAT_FROM_DESCRIPTION =
  '`due` (default): completing the task moves its due date to the rule\'s next date after both its due date and today; ' +
  '`completion`: to the rule\'s next date counted from today, the day it is completed (today in `tz`)';
const PRIORITY_DESCRIPTION = `From least to most urgent: ${TASK_PRIORITIES.map((name) => `\`${name}\``).join(' < ')}; \`none\` unless set`;

export const TaskSchema = z
  .object({
    id: z.string().openapi({ format: 'uuid', example: '01935f0e-7b7c-7cc2-9f1e-2a0c8f4f8f11' }),
    user_id: z.string().openapi({ description: 'Owner: the `sub` (or `user_id`) claim of the token that created it' }),
    title: z.string().openapi({ minLength: 1, maxLength: TITLE_MAX_LENGTH, example: 'Buy milk' }),
    description: z.string().nullable().openapi({ maxLength: DESCRIPTION_MAX_LENGTH }),
    due_date: z.string().nullable().openapi({ format: 'date', description: `${DUE_DATE_DESCRIPTION}; null when it has none`, example: '2026-12-24' }),
    priority: z.enum(TASK_PRIORITIES).openapi({ description: PRIORITY_DESCRIPTION }),
    completed: z.boolean(),
    completed_at: timestamp.nullable().openapi({ description: 'When it was completed; null while pending' }),
    list_id: z.string().openapi({ format: 'uuid', description: "The caller's list the task belongs to" }),
    parent_id: z
      .string()
      .nullable()
      .openapi({ format: 'uuid', description: 'The task this one is a subtask of; null for a task on the top level' }),
    position: z.string().openapi({
      description:
        'Where the task sits among its siblings in manual order: an opaque key; sorting the keys as strings ' +
        '(byte-wise, not by locale) gives the order. New tasks go to the end; `sort=position` lists in this order.',
      example: 'a0',
    }),
    labels: z.array(z.string()).openapi({ description: `${LABELS_DESCRIPTION}; \`[]\` when it has none`, example: ['Work', 'urgent'] }),
    repeat: z.string().nullable().openapi({ description: `${REPEAT_DESCRIPTION}. Null when the task does not repeat`, example: 'FREQ=WEEKLY;BYDAY=MO' }),
    repeat_from: z.enum(TASK_REPEAT_FROM).openapi({ description: REPEAT_FROM_DESCRIPTION }),
    created_at: timestamp,
    updated_at: timestamp,
    version: z.number().int().openapi({ description: 'Starts at 1, +1 on every change; the ETag is `"<version>"`' }),
  })
  .openapi('Task', {
    description:
      "One of the caller's tasks. The user sets `title`, `description`, `due_date`, `priority`, `completed`, `labels`, `repeat` " +
      'and `repeat_from`; the server sets the rest. A task is overdue when it is not completed and its due date is before ' +
      'today, today being the date in the time zone the client names (`tz=`, UTC by default). Completing a repeating task ' +
      'does not close it while its rule has another date: it stays pending with `due_date` moved to that date (the change ' +
      'log says `task.repeated`); the completion after its last date (`COUNT`, `UNTIL`) closes it, keeping the rule.',
  });

const title = z
  .string({ error: 'Title must be a string' })
  .openapi({ minLength: 1, maxLength: TITLE_MAX_LENGTH, description: `Trimmed; 1-${TITLE_MAX_LENGTH} characters` });
const description = z
  .string({ error: 'Description must be a string or null' })
  .nullable()
  .openapi({ maxLength: DESCRIPTION_MAX_LENGTH });
const dueDate = z
  .string({ error: 'Due date must be a date string (YYYY-MM-DD) or null' })
  .nullable()
  .openapi({ format: 'date', description: `${DUE_DATE_DESCRIPTION}; null for none (in a change, null takes the due date away)`, example: '2026-12-24' });
const priority = z.enum(TASK_PRIORITIES, { error: PRIORITY_MESSAGE }).openapi({ description: PRIORITY_DESCRIPTION });
const completed = z.boolean({ error: 'Completed must be true or false' });
const listId = z
  .string({ error: 'List id must be a string' })
  .openapi({ description: "One of the caller's lists, by id or `inbox` for their inbox; another user's list is not found" });
const labels = z
  .array(z.string({ error: 'Each label must be a string' }), { error: 'Labels must be an array of strings' })
  .openapi({ description: LABELS_DESCRIPTION, maxItems: MAX_LABELS_PER_TASK, example: ['Work', 'urgent'] });

const repeat = z
  .string({ error: 'repeat must be an RFC 5545 RRULE string or null' })
  .nullable()
  .openapi({
    maxLength: REPEAT_MAX_LENGTH,
    description: `${REPEAT_DESCRIPTION}. Any case, with or without \`RRULE:\`; it needs a due date (else \`422\` naming \`repeat\`); null for none`,
    example: 'FREQ=WEEKLY;BYDAY=MO',
  });
const repeatFrom = z.enum(TASK_REPEAT_FROM, { error: REPEAT_FROM_MESSAGE }).openapi({ description: REPEAT_FROM_DESCRIPTION });

/** A task id in a body: any string, so that a malformed id is not found like a missing one, never a 422 of its own. */
const taskReference = (error: string) => z.string({ error }).openapi({ format: 'uuid' });

export const CreateTaskBody = z
  .object({
    title,
    description: description.optional(),
    due_date: dueDate.optional(),
    priority: priority.optional(),
    parent_id: taskReference('Parent id must be a task id or null')
      .nullable()
      .optional()
      .openapi({
        description:
          `Makes the new task a subtask of this task of yours (at most ${MAX_TASK_DEPTH} levels deep); null or left out for the top level. ` +
          'The task goes to the end of its parent\'s subtasks (or of the top level)',
      }),
    labels: labels.optional(),
    list_id: listId.optional(),
    repeat: repeat.optional(),
    repeat_from: repeatFrom.optional(),
  })
  .openapi('CreateTask', {
    description:
      'Unknown and read-only fields are ignored; left out, `due_date` is null, `priority` is `none`, `parent_id` null, ' +
      "`labels` `[]`, `repeat` null, `repeat_from` `due`, and the task goes to its parent's list, or the inbox. A subtask's " +
      "`list_id`, when given, must be its parent's list. A `repeat` needs a `due_date`.",
  });

export const UpdateTaskBody = z
  .object({
    title: title.optional(),
    description: description.optional(),
    due_date: dueDate.optional(),
    priority: priority.optional(),
    completed: completed.optional(),
    labels: labels.optional().openapi({ description: `${LABELS_DESCRIPTION}. Replaces the task's labels; the same labels in another order change nothing` }),
    list_id: listId.optional(),
    repeat: repeat.optional(),
    repeat_from: repeatFrom.optional(),
  })
  .openapi('UpdateTask', {
    description:
      'Any of the fields, at least one; fields left out stay as they are. A new `list_id` moves the task to the end of ' +
      "that list's top level, its subtasks with it. `\"due_date\": null` takes the repeat away too; changing the due date " +
      'keeps it. `"completed": true` on a repeating task moves it on to its next date (see `Task`), today being the date in `tz`.',
  });

export const MOVE_NEIGHBOUR_MESSAGE = 'Provide exactly one of after_id and before_id';

export const MoveTaskBody = z
  .object({
    after_id: taskReference('after_id must be a task id or null')
      .nullable()
      .optional()
      .openapi({ description: 'Put the task right after this sibling; `null` puts it at the start of its group' }),
    before_id: taskReference('before_id must be a task id or null')
      .nullable()
      .optional()
      .openapi({ description: 'Put the task right before this sibling; `null` puts it at the end of its group' }),
    parent_id: taskReference('Parent id must be a task id or null')
      .nullable()
      .optional()
      .openapi({
        description:
          'Move the task (with its subtasks) under this task of yours; `null` for the top level. Left out, it stays under ' +
          `its parent. The task and its subtasks must stay within ${MAX_TASK_DEPTH} levels, and a task cannot go under itself ` +
          'or one of its own subtasks',
      }),
    list_id: listId.optional().openapi({
      description:
        "Move the task (with its subtasks) into this list of yours (or `inbox`); left out, its new parent's list, or its own. " +
        "Beside `parent_id` it must be that parent's list",
    }),
  })
  .refine((body) => (body.after_id !== undefined) !== (body.before_id !== undefined), { message: MOVE_NEIGHBOUR_MESSAGE, path: ['after_id'] })
  .openapi('MoveTask', {
    description:
      'Exactly one of `after_id` and `before_id`, naming a sibling in the group the task goes to (the tasks under `parent_id`, ' +
      'or under its current parent when `parent_id` is left out), or `null` for the start or the end of that group',
  });

export const CompleteTaskBody = z
  .object({ completed: completed.optional() })
  .openapi('CompleteTask', { description: 'Empty body or `{}` toggles; `{"completed": true|false}` sets (idempotent)' });

export const TaskPageSchema = z
  .object({
    items: z.array(TaskSchema),
    next_cursor: z.string().nullable().openapi({ description: 'Pass as `cursor` for the next page; null on the last' }),
  })
  .openapi('TaskPage');

export const TaskStatsSchema = z
  .object({
    total: z.number().int(),
    pending: z.number().int(),
    completed: z.number().int(),
    overdue: z.number().int().openapi({ description: 'Tasks not completed and due before today (today in `tz`)' }),
    due_today: z.number().int().openapi({ description: 'Tasks not completed and due today (today in `tz`)' }),
  })
  .openapi('TaskStats');

const timeZone = z
  .string()
  .refine((value) => TimeZone.tryParse(value) !== null, TIME_ZONE_MESSAGE)
  .optional()
  .openapi({ description: 'IANA time zone name (e.g. `Europe/Paris`) in which "today" is meant; default `UTC`' });

export const TaskStatsParams = z.object({ tz: timeZone });

/** The query of the requests that may complete a task: `tz` says which day "today" is for a repeating task. */
export const CompletionParams = z.object({
  tz: timeZone.openapi({
    description:
      'IANA time zone name (e.g. `Europe/Paris`) in which "today" is meant when a repeating task is completed: it moves to its ' +
      "rule's next date after today; default `UTC`",
  }),
});

const dueDateFilter = (parameter: 'due_before' | 'due_after', meaning: string) =>
  z
    .string()
    .refine((value) => TaskDueDate.tryParse(value) !== null, dueDateFilterMessage(parameter))
    .optional()
    .openapi({ format: 'date', description: `Only tasks due ${meaning} this day (\`YYYY-MM-DD\`), the day included; tasks without a due date are left out` });

// One page-size parameter for listings and the change log.
const pageLimit = z.coerce
  .number({ error: PAGE_LIMIT_MESSAGE })
  .int(PAGE_LIMIT_MESSAGE)
  .min(PAGE_LIMIT.min, PAGE_LIMIT_MESSAGE)
  .max(PAGE_LIMIT.max, PAGE_LIMIT_MESSAGE)
  .optional()
  .openapi({ type: 'integer', description: `Default ${PAGE_LIMIT.default}` });

export const ListTasksParams = z.object({
  status: z
    .enum(TASK_STATUS_FILTERS, { error: STATUS_FILTER_MESSAGE })
    .optional()
    .openapi({ description: `Default \`${LIST_DEFAULTS.status}\`` }),
  sort: z
    .enum(TASK_SORT_FIELDS, { error: SORT_MESSAGE })
    .optional()
    .openapi({
      description:
        `Default \`${LIST_DEFAULTS.sort}\`. ` +
        'By `due_date`, tasks without a due date come last in both orders; by `priority`, ' +
        '`high` is the greatest (first in `desc`); by `position`, manual order (with `parent_id` or `top_level=true`, the ' +
        'order of that group; across groups, keys compare as they are). Ties are broken by `id`, in the same order.',
    }),
  order: z
    .enum(SORT_ORDERS, { error: ORDER_MESSAGE })
    .optional()
    .openapi({
      description: 'Default `desc` for `created_at`, `updated_at` and `priority`; `asc` for `title`, `due_date` (soonest first) and `position`',
    }),
  q: z
    .string()
    .max(SEARCH_MAX_LENGTH, SEARCH_MESSAGE)
    .optional()
    .openapi({ description: 'Case-insensitive substring of title or description' }),
  priority: z
    .string()
    .refine((value) => tryParsePriorityFilter(value) !== null, PRIORITY_FILTER_MESSAGE)
    .optional()
    .openapi({
      description: `Only tasks of this priority, or of any of several separated by commas (${TASK_PRIORITIES.join(', ')}), e.g. \`high,medium\``,
    }),
  label: z
    .string()
    .refine((value) => tryParseLabelFilter(value) !== null, LABEL_FILTER_MESSAGE)
    .optional()
    .openapi({
      description:
        'Only tasks with this label, or with any of several separated by commas (at most ' +
        `${MAX_LABELS_PER_TASK}), ignoring case, e.g. \`work,Home\`. A label whose name holds a comma cannot be named here`,
    }),
  due_before: dueDateFilter('due_before', 'on or before'),
  due_after: dueDateFilter('due_after', 'on or after'),
  overdue: z
    .enum(['true', 'false'], { error: "Invalid overdue: must be 'true' or 'false'" })
    .transform((value) => value === 'true')
    .optional()
    .openapi({
      type: 'string',
      enum: ['true', 'false'],
      description:
        '`true`: only overdue tasks — not completed and due before today, today being the date in `tz`. It combines ' +
        'with the other filters (with `status=completed` nothing is overdue). Default `false`',
    }),
  tz: timeZone.openapi({ description: 'IANA time zone name (e.g. `Europe/Paris`) in which "today" is meant for `overdue`; default `UTC`' }),
  parent_id: z
    .string()
    .refine((value) => TaskId.tryParse(value) !== null, PARENT_FILTER_MESSAGE)
    .optional()
    .openapi({
      format: 'uuid',
      description: 'Only the subtasks of this task (one level down). A task that is not yours has none: the page is empty',
    }),
  top_level: z
    .enum(['true', 'false'], { error: "Invalid top_level: must be 'true' or 'false'" })
    .transform((value) => value === 'true')
    .optional()
    .openapi({
      type: 'string',
      enum: ['true', 'false'],
      description: '`true`: only tasks without a parent. Not with `parent_id`. Default `false` (every level)',
    }),
  list_id: z
    .string()
    .optional()
    .openapi({
      description:
        'Only the tasks of this list of yours: a list id, or `inbox` for your inbox. A list that is not yours, or does not ' +
        'exist, is `404`',
    }),
  repeating: z
    .enum(['true', 'false'], { error: "Invalid repeating: must be 'true' or 'false'" })
    .transform((value) => value === 'true')
    .optional()
    .openapi({
      type: 'string',
      enum: ['true', 'false'],
      description: '`true`: only tasks that repeat (`repeat` not null); `false`: only those that do not. Left out, both',
    }),
  limit: pageLimit,
  cursor: z.string().max(2048, CURSOR_MESSAGE).optional().openapi({ description: '`next_cursor` of the previous page' }),
});

const changeCursor = z.string().openapi({
  description: 'Opaque, ordered position in your change log (today 16 digits; cursors sort as strings in log order)',
  example: '0000000000000042',
});

export const TaskChangeSchema = z
  .object({
    id: changeCursor.openapi({ description: 'This change’s cursor: pass it as `since` (or `Last-Event-ID`) to continue after it' }),
    type: z.enum(TASK_EVENT_TYPES),
    task_id: z.string().openapi({ format: 'uuid' }),
    occurred_at: timestamp,
    task: TaskSchema.nullable().openapi({ description: 'The full task after the change; null for `task.deleted`' }),
  })
  .openapi('TaskChange', {
    description:
      'One change to one of your tasks. Replaying your changes in order from the start of the log — put `task` on ' +
      'every type but `task.deleted`, remove the task on `task.deleted` — rebuilds exactly your current task list, ' +
      'also after old changes were compacted away.',
  });

export const ListSchema = z
  .object({
    id: z.string().openapi({ format: 'uuid' }),
    name: z.string().openapi({ minLength: 1, maxLength: LIST_NAME_MAX_LENGTH, example: 'Work' }),
    is_inbox: z.boolean().openapi({ description: 'The list tasks go to when none is named; `inbox` stands for its id' }),
    position: z.string().openapi({ description: "Opaque key that sorts the list among the user's lists in manual order" }),
    created_at: timestamp,
    updated_at: timestamp,
    version: z.number().int(),
  })
  .openapi('List', { description: "One of the caller's lists of tasks." });

export const ListChangeSchema = z
  .object({
    id: changeCursor.openapi({ description: 'This change’s cursor, numbered in the same log as task changes' }),
    type: z.enum(LIST_EVENT_TYPES),
    list_id: z.string().openapi({ format: 'uuid' }),
    occurred_at: timestamp,
    list: ListSchema.nullable().openapi({ description: 'The full list after the change; null for `list.deleted`' }),
  })
  .openapi('ListChange', {
    description:
      'One change to one of your lists, in the same log as your task changes. Replaying it as a task change — put ' +
      '`list` on every type but `list.deleted`, remove the list on `list.deleted` — rebuilds your lists as well.',
  });

/** An entry of the change feed and the event stream: `type` says whether it is about a task or a list. */
export const ChangeSchema = z
  .discriminatedUnion('type', [TaskChangeSchema, ListChangeSchema])
  .openapi('Change', {
    description:
      'One entry of your change log: a `TaskChange` (`task.*` types, with `task_id` and `task`) or a `ListChange` ' +
      '(`list.*` types, with `list_id` and `list`).',
  });

export const TaskChangePageSchema = z
  .object({
    changes: z.array(ChangeSchema).openapi({ description: 'Oldest first: changes to tasks and to lists, in one order' }),
    next_cursor: changeCursor.openapi({
      description:
        'Never null: the `id` of the last change on this page, or — when there is nothing new — the `since` you sent ' +
        `(\`${TaskChangeCursor.START}\`, the start of the log, when you sent none). Always poll with it as \`since\`.`,
    }),
    has_more: z.boolean().openapi({ description: 'More changes are already waiting: ask again right away instead of waiting' }),
  })
  .openapi('TaskChangePage');

export const ListChangesParams = z.object({
  since: z
    .string()
    .max(64, 'Invalid cursor')
    .optional()
    .openapi({ description: 'A `next_cursor` (or a change `id`) you were given; omit it to start from the beginning' }),
  limit: pageLimit,
});

export const LabelSchema = z
  .object({
    name: z.string().openapi({ description: 'The label, in one spelling: the one on your earliest task that has it', example: 'Work' }),
    task_count: z.number().int().openapi({ description: 'How many of your tasks have it' }),
  })
  .openapi('Label');

export const LabelListSchema = z
  .object({ items: z.array(LabelSchema).openapi({ description: 'Each of your labels once, sorted by name ignoring case' }) })
  .openapi('LabelList');

export const RenameLabelBody = z
  .object({
    name: z
      .string({ error: 'Name must be a string' })
      .openapi({ minLength: 1, maxLength: LABEL_NAME_MAX_LENGTH, description: `The new name: trimmed, 1-${LABEL_NAME_MAX_LENGTH} characters of plain text` }),
  })
  .openapi('RenameLabel');

export const LabelNameParams = z.object({
  name: z.string().openapi({ description: 'The label, in any case, URL-encoded, e.g. `Deep%20work`' }),
});

export const TaskIdParams = z.object({ id: z.string().openapi({ format: 'uuid' }) });

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    limit: z
      .number()
      .int()
      .optional()
      .openapi({
        description:
          'On a `409` for a limit: how many tasks (or lists) one user may have, how many labels one task may have, or how ' +
          'many tasks one change to a label may touch',
      }),
    request_id: z.string().optional(),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details' });
