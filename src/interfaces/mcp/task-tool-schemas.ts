/**
 * The task tools' inputs and outputs in zod, which the SDK turns into the JSON Schemas the model reads. Tasks come
 * out in the REST wire shape (the HTTP edge's `TaskSchema`). Inputs check shape only — types, enumerations, how
 * many items — so that a call that does not fit is refused whole, before anything is done; the rules on values
 * (a title's length, a real calendar date) are the domain's, checked per item, so the good items of a batch are
 * still done. Input objects are strict: a field a tool does not take (say `completed` in an update) is refused
 * rather than silently ignored.
 */
import { z } from 'zod';
import { PAGE_LIMIT } from '../../application/queries/page-limit.js';
import { SEARCH_MAX_LENGTH, SORT_ORDERS, TASK_SORT_FIELDS, TASK_STATUS_FILTERS } from '../../application/queries/list-tasks.js';
import { OVERVIEW_LIST_LIMIT } from '../../application/queries/task-overview.js';
import {
  DESCRIPTION_MAX_LENGTH,
  DUE_DATE_MAX,
  DUE_DATE_MIN,
  hasUnstorableCharacters,
  LABEL_NAME_MAX_LENGTH,
  MAX_LABELS_PER_TASK,
  TASK_PRIORITIES,
  TASK_REPEAT_FROM,
  TITLE_MAX_LENGTH,
} from '../../domain/index.js';
import { TaskSchema, TaskStatsSchema } from '../http/task-schemas.js';

/** How many items one batch call takes. */
export const BATCH_LIMIT = 25;
/** How many tasks find_tasks returns when the model names no `limit`: enough to work with, few enough to read. */
export const FIND_DEFAULT_LIMIT = 25;

const batch = <T extends z.ZodType>(item: T, what: string) =>
  z
    .array(item)
    .min(1, `Give at least one ${what}`)
    .max(BATCH_LIMIT, `Give at most ${BATCH_LIMIT} ${what}s per call; split a longer list into several calls`);

const taskId = z.string().max(100, 'A task id is a UUID such as 0193…').describe('A task id, as find_tasks or add_tasks returned it');
const title = z.string().describe(`What the task is: 1 to ${TITLE_MAX_LENGTH} characters; surrounding spaces are trimmed`);
const description = z.string().nullable().describe(`Free-text notes, up to ${DESCRIPTION_MAX_LENGTH} characters`);
const dueDate = z
  .string()
  .nullable()
  .describe(`The day it is due, written YYYY-MM-DD (a calendar date, no time, no zone), from ${DUE_DATE_MIN} to ${DUE_DATE_MAX}`);
const priority = z.enum(TASK_PRIORITIES).describe('From least to most urgent: none, low, medium, high');
const labelName = z.string().describe(`A label, 1-${LABEL_NAME_MAX_LENGTH} characters; the same name in another case is the same label`);
const labels = z
  .array(labelName)
  .describe(`The task's labels, e.g. ["work", "errands"], at most ${MAX_LABELS_PER_TASK}`);
const repeat = z
  .string()
  .nullable()
  .describe(
    'How the task repeats, as an RFC 5545 RRULE: e.g. "FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,TH" (Mondays and Thursdays), ' +
      '"FREQ=WEEKLY;INTERVAL=2" (every 2 weeks), "FREQ=MONTHLY;BYDAY=-1FR" (the last Friday of each month), ' +
      '"FREQ=YEARLY;COUNT=3". Parts: FREQ (DAILY, WEEKLY, MONTHLY, YEARLY), INTERVAL, COUNT or UNTIL (YYYYMMDD), BYMONTH, ' +
      'BYMONTHDAY, BYDAY. A repeating task needs a due_date: completing it moves the due date to the next date of the rule ' +
      'and leaves it pending; only when the rule runs out does completing it close it',
  );
const repeatFrom = z
  .enum(TASK_REPEAT_FROM)
  .describe('What completing a repeating task counts its next due date from: "due" (its due date) or "completion" (the day it is done)');
const timeZone = z
  .string()
  .describe('The user’s IANA time zone, e.g. Europe/Paris or America/New_York, which decides what "today" is; default UTC');
const day = (meaning: string) => z.string().describe(`${meaning} (YYYY-MM-DD, the day included); tasks without a due date are left out`);

export const AddTasksInput = z.strictObject({
  tasks: batch(
    z.strictObject({
      title,
      description: description.optional().describe(`${description.description}; none if left out`),
      due_date: dueDate.optional().describe(`${dueDate.description}; none if left out`),
      priority: priority.optional().describe(`${priority.description}; none if left out`),
      labels: labels.optional().describe(`${labels.description}; none if left out`),
      repeat: repeat.optional().describe(`${repeat.description}; it does not repeat if left out`),
      repeat_from: repeatFrom.optional().describe(`${repeatFrom.description}; "due" if left out`),
    }),
    'task',
  ).describe('The tasks to create, each created on its own'),
});

export const UpdateTasksInput = z.strictObject({
  updates: batch(
    z.strictObject({
      id: taskId,
      title: title.optional(),
      description: description.optional().describe(`${description.description}; null removes it`),
      due_date: dueDate.optional().describe(`${dueDate.description}; null removes it`),
      priority: priority.optional(),
      labels: labels.optional().describe(`${labels.description}: they replace the ones it has; [] removes them all`),
      repeat: repeat.optional().describe(`${repeat.description}; null stops it repeating, and so does removing its due date`),
      repeat_from: repeatFrom.optional(),
    }),
    'update',
  ).describe('One entry per task to change: its id and the fields to change (at least one); the fields left out stay as they are'),
});

const taskIds = batch(taskId, 'id').describe('The ids of the tasks, each acted on by itself');

export const TaskIdsInput = z.strictObject({ ids: taskIds });

export const CompleteTasksInput = z.strictObject({
  ids: taskIds,
  tz: timeZone
    .optional()
    .describe(`${timeZone.description}: a repeating task moves to its next date after today`),
});

export const GetTaskInput = z.strictObject({ id: taskId });

export const FindTasksInput = z.strictObject({
  query: z
    .string()
    .max(SEARCH_MAX_LENGTH, `query must be at most ${SEARCH_MAX_LENGTH} characters`)
    .refine((text) => !hasUnstorableCharacters(text), 'query must be plain text')
    .optional()
    .describe('Text to look for in titles and descriptions: a case-insensitive substring, e.g. "dentist"'),
  status: z.enum(TASK_STATUS_FILTERS).optional().describe('pending (not done), completed, or all (the default)'),
  priority: z
    .union([priority, z.array(priority).min(1)])
    .optional()
    .describe('Only tasks of this priority, or of any of these, e.g. "high" or ["high", "medium"]'),
  label: z
    .union([labelName, z.array(labelName).min(1).max(MAX_LABELS_PER_TASK)])
    .optional()
    .describe('Only tasks with this label, or with any of these, in any case, e.g. "work" or ["work", "home"]'),
  list_id: z
    .string()
    .max(64, 'list_id must be a list id or "inbox"')
    .optional()
    .describe('Only the tasks of this list of yours: a task\'s list_id, or "inbox" for your inbox'),
  due_before: day('Only tasks due on or before this day').optional(),
  due_after: day('Only tasks due on or after this day').optional(),
  overdue: z.boolean().optional().describe('true: only tasks not completed whose due date is before today (today in `tz`)'),
  repeating: z.boolean().optional().describe('true: only tasks that repeat; false: only tasks that do not'),
  tz: timeZone.optional(),
  sort: z
    .enum(TASK_SORT_FIELDS)
    .optional()
    .describe('created_at (the default), updated_at, title, due_date (tasks without one last) or priority (high is the greatest)'),
  order: z.enum(SORT_ORDERS).optional().describe('desc or asc; by default the most useful end first: newest, A to Z, soonest due, most urgent'),
  limit: z
    .number()
    .int()
    .min(PAGE_LIMIT.min)
    .max(PAGE_LIMIT.max)
    .optional()
    .describe(`How many tasks to return, ${PAGE_LIMIT.min} to ${PAGE_LIMIT.max}; default ${FIND_DEFAULT_LIMIT}`),
  cursor: z.string().max(2048).optional().describe('The next_cursor of the previous call, to get the next page (keep the other arguments the same)'),
});

export const OverviewInput = z.strictObject({ tz: timeZone.optional() });

export const ToolErrorSchema = z.object({
  code: z.string().describe('Machine-readable: validation_failed, task_not_found, task_limit_reached, service_unavailable, …'),
  message: z.string().describe('What went wrong and what to do about it'),
  field: z.string().optional().describe('The field at fault (title, due_date, priority, description, repeat, id), when one is'),
});

const failedItem = z.object({
  index: z.number().int().nonnegative().describe('Where the item is in your request, from 0'),
  id: z.string().optional().describe('The task id the item named, if it named one'),
  ok: z.literal(false),
  error: ToolErrorSchema,
});

/** One entry per item, in the order given: `ok` with what was done, or not `ok` with why. */
function batchResult<Done extends z.ZodRawShape>(done: Done) {
  return z.object({
    results: z
      .array(z.discriminatedUnion('ok', [z.object({ index: failedItem.shape.index, ok: z.literal(true), ...done }), failedItem]))
      .describe('One entry per item, in the order you gave them'),
    succeeded: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
  });
}

export const TaskBatchResult = batchResult({ task: TaskSchema.describe('The task as it is now') }).extend({
  tasks: z.array(TaskSchema).describe('The tasks that were done, as they are now, in the order you gave them'),
});
export const DeleteBatchResult = batchResult({ id: z.string().describe('The id of the deleted task') });

export const TaskResult = z.object({ task: TaskSchema });

export const TaskListResult = z.object({
  tasks: z.array(TaskSchema),
  next_cursor: z.string().nullable().describe('null when there are no more; else pass it as `cursor` to get the next page'),
});

export const OverviewResult = z.object({
  today: z.string().describe('The date (YYYY-MM-DD) in `time_zone`: what overdue and due today are measured against'),
  time_zone: z.string(),
  counts: TaskStatsSchema,
  overdue_tasks: z.array(TaskSchema).describe(`Pending tasks due before today, longest overdue first; at most ${OVERVIEW_LIST_LIMIT}`),
  due_today_tasks: z.array(TaskSchema).describe(`Pending tasks due today, most urgent first; at most ${OVERVIEW_LIST_LIMIT}`),
});
