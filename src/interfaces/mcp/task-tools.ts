/**
 * The task tools: each sends the same command or query as the matching HTTP route, so validation, isolation and
 * the events on the user's live stream are the same whichever door a change comes through.
 */
import { CreateTaskCommand } from '../../application/commands/create-task.js';
import { DeleteTaskCommand } from '../../application/commands/delete-task.js';
import { SetTaskCompletionCommand } from '../../application/commands/set-task-completion.js';
import { UpdateTaskCommand } from '../../application/commands/update-task.js';
import type { TaskView } from '../../application/ports/task-read-model.js';
import { GetTaskQuery } from '../../application/queries/get-task.js';
import { ListTasksQuery } from '../../application/queries/list-tasks.js';
import { TaskOverviewQuery } from '../../application/queries/task-overview.js';
import { TimeZone } from '../../application/queries/time-zone.js';
import { DomainValidationError } from '../../domain/index.js';
import { defineTool, type McpTool } from './mcp-tool.js';
import { batchText, runBatch, type BatchOutcome } from './tool-batch.js';
import {
  AddTasksInput,
  BATCH_LIMIT,
  CompleteTasksInput,
  DeleteBatchResult,
  FIND_DEFAULT_LIMIT,
  FindTasksInput,
  GetTaskInput,
  OverviewInput,
  OverviewResult,
  TaskBatchResult,
  TaskIdsInput,
  TaskListResult,
  TaskResult,
  UpdateTasksInput,
} from './task-tool-schemas.js';

const READ_ONLY = { readOnlyHint: true, openWorldHint: false } as const;

const BATCH_NOTE =
  `Up to ${BATCH_LIMIT} per call, each done on its own: the result has one entry per item, in order, either ok with ` +
  'the task or not ok with the reason (a wrong id, an invalid field), and the good items are done even when others ' +
  'fail — fix and resend only the failed ones. Arguments that do not fit the schema refuse the whole call, and then ' +
  'nothing is done.';

/** One task as a line of text: what a person, or a client that shows only text, needs to act on it. */
export function taskLine(task: TaskView): string {
  const details = [
    task.due_date && `due ${task.due_date}`,
    task.priority !== 'none' && `${task.priority} priority`,
    task.repeat !== null && `repeats ${task.repeat}${task.repeat_from === 'completion' ? ' from completion' : ''}`,
    task.labels.length > 0 && `labels: ${task.labels.join(', ')}`,
  ].filter(Boolean);
  return `- [${task.completed ? 'x' : ' '}] ${task.title}${details.length > 0 ? ` (${details.join(', ')})` : ''} — id ${task.id}`;
}

const tasksCount = (count: number) => (count === 1 ? '1 task' : `${count} tasks`);
const taskLines = (tasks: readonly TaskView[], none = '(none)') => (tasks.length === 0 ? [none] : tasks.map(taskLine));

/** A batch tool's answer: it failed as a whole only when nothing in it was done. */
function batchOutcome<Done>(outcome: BatchOutcome<Done>, verb: string, done: (result: Done) => string) {
  return { structured: outcome, text: batchText(outcome, verb, done), failed: outcome.succeeded === 0 };
}

/** A batch of task changes: per item, and the tasks that were done (what `add_tasks` and its siblings answer). */
function taskBatchOutcome(outcome: BatchOutcome<{ task: TaskView }>, verb: string) {
  const tasks = outcome.results.flatMap((result) => (result.ok ? [result.task] : []));
  return { ...batchOutcome(outcome, verb, ({ task }) => taskLine(task)), structured: { ...outcome, tasks } };
}

/** A completed task as a line; a repeating one stays pending, and the line says where it moved on to. */
function completedLine(task: TaskView): string {
  return task.completed ? taskLine(task) : `${taskLine(task)} — repeats: done for now, next due ${task.due_date}`;
}

/**
 * complete_tasks: it sets the state, never toggles it, so an agent that retries cannot undo its own call. A repeating
 * task is the exception to "again changes nothing": each completion moves it on one date, so the tool is not
 * idempotent, and says so.
 */
const completeTool = defineTool({
  name: 'complete_tasks',
  title: 'Complete tasks',
  description:
    'Mark tasks as done, by id. It sets the state, never toggles it: calling it again on a task that is done changes ' +
    'nothing. A repeating task (one with a repeat rule) is not closed: it stays pending and its due_date moves to the ' +
    'next date of its rule after today (today in tz, an IANA time zone such as Europe/Paris; UTC by default), so each ' +
    'call moves it on once more: complete it once per time the user did it. When its rule has run out (COUNT, UNTIL), ' +
    `completing it closes it like any task. ${BATCH_NOTE}`,
  input: CompleteTasksInput,
  output: TaskBatchResult,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async run({ ids, tz }, context) {
    // One time zone for the whole call: a bad one refuses it, before any task is done.
    const zone = TimeZone.parse(tz).name;
    const outcome = await runBatch(
      ids,
      async (id) => ({ task: await context.commands.execute(new SetTaskCompletionCommand(context.userId, id, true, undefined, zone)) }),
      { idOf: (id) => id, log: context.log, tool: 'complete_tasks' },
    );
    const tasks = outcome.results.flatMap((result) => (result.ok ? [result.task] : []));
    return { ...batchOutcome(outcome, 'Completed', ({ task }) => completedLine(task)), structured: { ...outcome, tasks } };
  },
});

/**
 * reopen_tasks: it sets the state, never toggles it, so an agent that retries cannot undo its own call. Reopening
 * clears the completion time, which no call brings back: it is destructive.
 */
const reopenTool = defineTool({
  name: 'reopen_tasks',
  title: 'Reopen tasks',
  description:
    'Mark done tasks as not done again (their completion time is cleared), by id. It sets the state, never toggles it: ' +
    `calling it again changes nothing, so it is safe to retry. ${BATCH_NOTE}`,
  input: TaskIdsInput,
  output: TaskBatchResult,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  async run({ ids }, context) {
    const outcome = await runBatch(
      ids,
      async (id) => ({ task: await context.commands.execute(new SetTaskCompletionCommand(context.userId, id, false)) }),
      { idOf: (id) => id, log: context.log, tool: 'reopen_tasks' },
    );
    return taskBatchOutcome(outcome, 'Reopened');
  },
});

export const taskTools: readonly McpTool[] = [
  defineTool({
    name: 'add_tasks',
    title: 'Add tasks',
    description:
      'Create tasks in the user’s task list. Use it when the user asks to remember, plan or add something to do. ' +
      'Each task needs a title; description, due_date (YYYY-MM-DD), priority (none, low, medium, high) and labels are optional, ' +
      'and so is repeat, an RFC 5545 rule such as FREQ=WEEKLY;BYDAY=MO for a task that comes back (it needs a due_date). ' +
      'The new tasks’ ids are what the other tools take. Calling it again with the same tasks creates them again. ' +
      BATCH_NOTE,
    input: AddTasksInput,
    output: TaskBatchResult,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    async run({ tasks }, context) {
      const outcome = await runBatch(
        tasks,
        async (task) => ({
          task: await context.commands.execute(
            new CreateTaskCommand(
              context.userId,
              task.title,
              task.description ?? null,
              task.due_date,
              task.priority,
              undefined,
              task.labels,
              undefined,
              task.repeat,
              task.repeat_from,
            ),
          ),
        }),
        { log: context.log, tool: 'add_tasks' },
      );
      return taskBatchOutcome(outcome, 'Added');
    },
  }),

  defineTool({
    name: 'find_tasks',
    title: 'Find tasks',
    description:
      'Search and list the user’s tasks; the way to find a task’s id. Every filter is optional and they combine: ' +
      'query (words in the title or description), status (pending, completed, all), priority, label, due_before and due_after ' +
      '(YYYY-MM-DD, inclusive), overdue (not completed and due before today, today being the date in tz, an IANA time ' +
      'zone such as Europe/Paris; UTC by default), repeating (true: only tasks that repeat). Results are sorted by sort and order. It returns up to limit tasks ' +
      `(default ${FIND_DEFAULT_LIMIT}); when next_cursor is not null there are more: call again with the same arguments ` +
      'and cursor set to it.',
    input: FindTasksInput,
    output: TaskListResult,
    annotations: READ_ONLY,
    async run({ query, priority, label, ...filters }, context) {
      const page = await context.queries.execute(
        new ListTasksQuery(context.userId, {
          ...filters,
          limit: filters.limit ?? FIND_DEFAULT_LIMIT,
          ...(query !== undefined && { q: query }),
          ...(priority !== undefined && { priority: [priority].flat().join(',') }),
          ...(label !== undefined && { label: [label].flat().join(',') }),
        }),
      );
      const more = page.next_cursor === null ? [] : [`More tasks match: call again with cursor "${page.next_cursor}".`];
      return {
        structured: { tasks: page.items, next_cursor: page.next_cursor },
        text: [`Found ${tasksCount(page.items.length)}.`, ...(page.items.length > 0 ? taskLines(page.items) : []), ...more].join('\n'),
      };
    },
  }),

  defineTool({
    name: 'get_task',
    title: 'Get a task',
    description:
      'Read one of the user’s tasks by its id (from find_tasks or add_tasks): its title, description, due date, ' +
      'priority and whether it is done. Use it to check a task before changing it.',
    input: GetTaskInput,
    output: TaskResult,
    annotations: READ_ONLY,
    async run({ id }, context) {
      const task = await context.queries.execute(new GetTaskQuery(context.userId, id));
      return { structured: { task }, text: [taskLine(task), ...(task.description ? [`  ${task.description}`] : [])].join('\n') };
    },
  }),

  defineTool({
    name: 'update_tasks',
    title: 'Update tasks',
    description:
      'Change the title, description, due date (YYYY-MM-DD), priority, labels or repeat (an RFC 5545 rule, and repeat_from) ' +
      'of tasks. Each update names a task id and the fields to change; fields left out stay as they are, and null removes ' +
      'a description, a due date (and with it the repeat) or a repeat. To mark tasks done or not done, use complete_tasks ' +
      'or reopen_tasks instead. ' +
      BATCH_NOTE,
    input: UpdateTasksInput,
    output: TaskBatchResult,
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    async run({ updates }, context) {
      const outcome = await runBatch(
        updates,
        async ({ id, ...changes }) => {
          if (Object.keys(changes).length === 0) {
            throw DomainValidationError.of('', 'Give at least one of title, description, due_date, priority, labels, repeat, repeat_from to change');
          }
          return { task: await context.commands.execute(new UpdateTaskCommand(context.userId, id, changes)) };
        },
        { idOf: (update) => update.id, log: context.log, tool: 'update_tasks' },
      );
      return taskBatchOutcome(outcome, 'Updated');
    },
  }),

  completeTool,
  reopenTool,

  defineTool({
    name: 'delete_tasks',
    title: 'Delete tasks',
    description:
      'Delete tasks for good, by id; there is no undo, so do it only when the user asked for it. A task already ' +
      'deleted is reported as not found and nothing changes. ' +
      BATCH_NOTE,
    input: TaskIdsInput,
    output: DeleteBatchResult,
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    async run({ ids }, context) {
      const outcome = await runBatch(
        ids,
        async (id) => {
          await context.commands.execute(new DeleteTaskCommand(context.userId, id));
          return { id };
        },
        { idOf: (id) => id, log: context.log, tool: 'delete_tasks' },
      );
      return batchOutcome(outcome, 'Deleted', ({ id }) => `- deleted ${id}`);
    },
  }),

  defineTool({
    name: 'get_overview',
    title: 'Overview of the user’s tasks',
    description:
      'Where the user stands today: how many tasks they have (total, pending, completed, overdue, due today), and ' +
      'the tasks not done that are overdue (longest overdue first) or due today (most urgent first), up to 20 of ' +
      'each. A good first call when the user asks what to do or how things stand. tz is the user’s IANA time zone ' +
      '(e.g. America/New_York; UTC by default), which decides what today is.',
    input: OverviewInput,
    output: OverviewResult,
    annotations: READ_ONLY,
    async run(input, context) {
      const overview = await context.queries.execute(new TaskOverviewQuery(context.userId, input));
      const { counts } = overview;
      const shown = (listed: number, all: number) => (listed < all ? ` (${listed} of ${all} shown)` : '');
      return {
        structured: overview,
        text: [
          `Today is ${overview.today} (${overview.time_zone}). ${tasksCount(counts.total)}: ${counts.pending} pending, ` +
            `${counts.completed} completed; ${counts.overdue} overdue, ${counts.due_today} due today.`,
          `Overdue${shown(overview.overdue_tasks.length, counts.overdue)}:`,
          ...taskLines(overview.overdue_tasks),
          `Due today${shown(overview.due_today_tasks.length, counts.due_today)}:`,
          ...taskLines(overview.due_today_tasks),
        ].join('\n'),
      };
    },
  }),
];
