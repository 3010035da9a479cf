import type { Command } from 'commander';
import { CreateTaskCommand } from '../../../application/commands/create-task.js';
import { DeleteTaskCommand } from '../../../application/commands/delete-task.js';
import { MoveTaskCommand, type RequestedMove } from '../../../application/commands/move-task.js';
import { INBOX_ALIAS } from '../../../application/commands/owned-list.js';
import { SetTaskCompletionCommand } from '../../../application/commands/set-task-completion.js';
import { UpdateTaskCommand, type RequestedTaskEdit } from '../../../application/commands/update-task.js';
import type { TaskView } from '../../../application/ports/task-read-model.js';
import { GetTaskQuery } from '../../../application/queries/get-task.js';
import { LIST_DEFAULTS, ListTasksQuery } from '../../../application/queries/list-tasks.js';
import { PAGE_LIMIT } from '../../../application/queries/page-limit.js';
import { DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH } from '../../../domain/index.js';
import type { CliContext } from '../cli-context.js';
import { CliError, EXIT } from '../exit-status.js';
import { requestedPlace, type PlaceOptions } from './manual-order-flags.js';

const LISTED_TITLE_LENGTH = 60;
const REPEAT_RULE_HINT = 'with FREQ (DAILY, WEEKLY, MONTHLY, YEARLY) and optionally INTERVAL, COUNT or UNTIL, BYMONTH, BYMONTHDAY, BYDAY';
const REPEAT_FROM_HINT = 'what completing it counts the next due date from: due (the default: its due date) or completion (the day it is done)';

interface TaskOptions {
  user: string;
  id: string;
  json?: boolean;
}

interface ListOptions {
  user: string;
  status: string;
  sort?: string;
  order?: string;
  search?: string;
  priority?: string;
  label?: string;
  dueBefore?: string;
  dueAfter?: string;
  overdue?: boolean;
  tz?: string;
  /** True with `--repeating`, false with `--no-repeating`, undefined with neither. */
  repeating?: boolean;
  list?: string;
  parent?: string;
  topLevel?: boolean;
  limit?: number;
  cursor?: string;
  json?: boolean;
}

interface CreateOptions {
  user: string;
  title: string;
  description?: string;
  due?: string;
  priority?: string;
  /** Each `--label`, in order. */
  label?: string[];
  parent?: string;
  list?: string;
  repeat?: string;
  repeatFrom?: string;
  json?: boolean;
}

interface UpdateOptions extends TaskOptions {
  title?: string;
  description?: string | false;
  due?: string | false;
  priority?: string;
  /** Each `--label`, in order: the task's labels from now on. */
  label?: string[];
  /** False with `--no-labels`. */
  labels: boolean;
  list?: string;
  /** False with `--no-repeat`. */
  repeat?: string | false;
  repeatFrom?: string;
}

interface CompleteOptions extends TaskOptions {
  tz?: string;
}

interface MoveOptions extends TaskOptions, PlaceOptions {
  parent?: string;
  topLevel?: boolean;
  list?: string;
}

/**
 * `tasks …`: one user's tasks through the very commands and queries the HTTP routes send, so validation,
 * errors and recorded events are the same whichever door a change comes through.
 */
export function registerTasksCommands(program: Command, context: CliContext): void {
  const tasks = program.command('tasks').description("read and change one user's tasks, as that user would over HTTP");
  const printTask = (task: TaskView, json: boolean | undefined) => (json ? context.out.json(task) : context.out.task(task));

  tasks
    .command('list')
    .description("list a user's tasks, newest first (one page; follow --cursor for more); --sort position for manual order")
    .requiredOption('--user <id>', 'the owner')
    .option('--status <status>', 'pending, completed or all', LIST_DEFAULTS.status)
    .option(
      '--sort <field>',
      'created_at, updated_at, title, due_date (soonest first, undated last), priority (most urgent first) or position (manual order)',
    )
    .option('--order <order>', 'asc or desc')
    .option('--search <text>', 'only tasks whose title or description contains this')
    .option('--priority <priorities>', 'only tasks of this priority, or of these (comma-separated): none, low, medium, high')
    .option('--label <labels>', 'only tasks with this label, or with any of these (comma-separated), in any case')
    .option('--due-before <date>', 'only tasks due on or before this day (YYYY-MM-DD)')
    .option('--due-after <date>', 'only tasks due on or after this day (YYYY-MM-DD)')
    .option('--overdue', 'only tasks not completed and due before today')
    .option('--tz <zone>', 'the IANA time zone in which "today" is meant for --overdue (default UTC)')
    .option('--repeating', 'only tasks that repeat')
    .option('--no-repeating', 'only tasks that do not repeat')
    .option('--list <list>', `only the tasks of this list (a list id or ${INBOX_ALIAS})`)
    .option('--parent <task>', 'only the subtasks of this task')
    .option('--top-level', 'only tasks that are no subtask (with --list, its top level)')
    .option('--limit <n>', `tasks per page, ${PAGE_LIMIT.min}-${PAGE_LIMIT.max}`, Number)
    .option('--cursor <cursor>', 'the next_cursor of the previous page')
    .option('--json', 'print the page as JSON ({items, next_cursor})')
    .action(async (options: ListOptions) => {
      const page = await context.withApplication(({ queries }) =>
        queries.execute(
          new ListTasksQuery(options.user, {
            status: options.status,
            ...(options.sort !== undefined && { sort: options.sort }),
            ...(options.order !== undefined && { order: options.order }),
            ...(options.search !== undefined && { q: options.search }),
            ...(options.priority !== undefined && { priority: options.priority }),
            ...(options.label !== undefined && { label: options.label }),
            ...(options.dueBefore !== undefined && { due_before: options.dueBefore }),
            ...(options.dueAfter !== undefined && { due_after: options.dueAfter }),
            ...(options.overdue !== undefined && { overdue: options.overdue }),
            ...(options.tz !== undefined && { tz: options.tz }),
            ...(options.repeating !== undefined && { repeating: options.repeating }),
            ...(options.list !== undefined && { list_id: options.list }),
            ...(options.parent !== undefined && { parent_id: options.parent }),
            ...(options.topLevel !== undefined && { top_level: options.topLevel }),
            ...(options.limit !== undefined && { limit: options.limit }),
            ...(options.cursor !== undefined && { cursor: options.cursor }),
          }),
        ),
      );
      if (options.json) return context.out.json(page);
      if (page.items.length === 0) return context.out.line('No tasks.');
      context.out.table(
        ['ID', 'STATUS', 'PRIORITY', 'DUE', 'CREATED AT', 'TITLE'],
        page.items.map((task) => [
          task.id,
          task.completed ? 'completed' : 'pending',
          task.priority,
          task.due_date ?? '-',
          task.created_at,
          shorten(task.title),
        ]),
      );
      if (page.next_cursor) context.out.line(`More tasks: add --cursor ${page.next_cursor}`);
    });

  tasks
    .command('show')
    .description('show one task')
    .requiredOption('--user <id>', 'the owner')
    .requiredOption('--id <task>', 'the task id')
    .option('--json', 'print the task as JSON')
    .action(async (options: TaskOptions) => {
      printTask(await context.withApplication(({ queries }) => queries.execute(new GetTaskQuery(options.user, options.id))), options.json);
    });

  tasks
    .command('create')
    .description('create a task for a user')
    .requiredOption('--user <id>', 'the owner')
    .requiredOption('--title <text>', `1-${TITLE_MAX_LENGTH} characters`)
    .option('--description <text>', `up to ${DESCRIPTION_MAX_LENGTH} characters`)
    .option('--due <date>', 'the day it is due, YYYY-MM-DD')
    .option('--priority <priority>', 'none (the default), low, medium or high')
    .option('--parent <task>', 'make it a subtask of this task, at the end of its subtasks')
    .option('--label <name>', 'a label; repeat it for several', collect)
    .option('--list <list>', `the list it goes to: a list id or ${INBOX_ALIAS} (default: its parent's list, else the inbox)`)
    .option('--repeat <rule>', `repeat it: an RFC 5545 RRULE such as FREQ=WEEKLY;BYDAY=MO (needs --due), ${REPEAT_RULE_HINT}`)
    .option('--repeat-from <from>', REPEAT_FROM_HINT)
    .option('--json', 'print the new task as JSON')
    .action(async (options: CreateOptions) => {
      const { user, title, description, due, priority, parent, label, list, repeat, repeatFrom } = options;
      const command = new CreateTaskCommand(user, title, description ?? null, due, priority, parent, label, list, repeat, repeatFrom);
      printTask(await context.withApplication(({ commands }) => commands.execute(command)), options.json);
    });

  tasks
    .command('update')
    .description("change a task's title, description, due date, priority and/or labels, or move it to another list")
    .requiredOption('--user <id>', 'the owner')
    .requiredOption('--id <task>', 'the task id')
    .option('--title <text>', `the new title, 1-${TITLE_MAX_LENGTH} characters`)
    .option('--description <text>', `the new description, up to ${DESCRIPTION_MAX_LENGTH} characters`)
    .option('--no-description', 'remove the description')
    .option('--due <date>', 'the day it is due, YYYY-MM-DD')
    .option('--no-due', 'remove the due date')
    .option('--priority <priority>', 'none, low, medium or high')
    .option('--label <name>', "the task's labels from now on; repeat it for several", collect)
    .option('--no-labels', 'remove every label')
    .option('--list <list>', `move it, with its subtasks, to the end of this list (a list id or ${INBOX_ALIAS})`)
    .option('--repeat <rule>', `repeat it from now on by this RFC 5545 RRULE (it needs a due date), ${REPEAT_RULE_HINT}`)
    .option('--no-repeat', 'stop repeating it')
    .option('--repeat-from <from>', REPEAT_FROM_HINT)
    .option('--json', 'print the changed task as JSON')
    .action(async (options: UpdateOptions) => {
      if (options.label !== undefined && !options.labels) throw new CliError(EXIT.usage, 'Give either --label or --no-labels, not both');
      const labels = options.labels ? options.label : [];
      const changes: RequestedTaskEdit = {
        ...(options.title !== undefined && { title: options.title }),
        ...(options.description !== undefined && { description: options.description === false ? null : options.description }),
        ...(options.due !== undefined && { due_date: options.due === false ? null : options.due }),
        ...(options.priority !== undefined && { priority: options.priority }),
        ...(labels !== undefined && { labels }),
        ...(options.list !== undefined && { list_id: options.list }),
        ...(options.repeat !== undefined && { repeat: options.repeat === false ? null : options.repeat }),
        ...(options.repeatFrom !== undefined && { repeat_from: options.repeatFrom }),
      };
      if (Object.keys(changes).length === 0) {
        throw new CliError(
          EXIT.usage,
          'Nothing to change: give --title, --description, --no-description, --due, --no-due, --priority, --label, --no-labels, ' +
            '--list, --repeat, --no-repeat or --repeat-from',
        );
      }
      const command = new UpdateTaskCommand(options.user, options.id, changes);
      printTask(await context.withApplication(({ commands }) => commands.execute(command)), options.json);
    });

  tasks
    .command('complete')
    .description('mark a task completed (no change if it already is); a repeating task moves to its next due date instead, and stays pending')
    .requiredOption('--user <id>', 'the owner')
    .requiredOption('--id <task>', 'the task id')
    .option('--tz <zone>', 'the IANA time zone in which "today" is meant for a repeating task\'s next due date (default UTC)')
    .option('--json', 'print the task as JSON')
    .action(async (options: CompleteOptions) => {
      const command = new SetTaskCompletionCommand(options.user, options.id, true, undefined, options.tz);
      printTask(await context.withApplication(({ commands }) => commands.execute(command)), options.json);
    });

  tasks
    .command('reopen')
    .description('mark a task pending again (no change if it already is)')
    .requiredOption('--user <id>', 'the owner')
    .requiredOption('--id <task>', 'the task id')
    .option('--json', 'print the task as JSON')
    .action(async (options: TaskOptions) => {
      const command = new SetTaskCompletionCommand(options.user, options.id, false);
      printTask(await context.withApplication(({ commands }) => commands.execute(command)), options.json);
    });

  tasks
    .command('move')
    .description('put a task elsewhere in manual order: beside a sibling, first or last, under another parent, on the top level or in another list')
    .requiredOption('--user <id>', 'the owner')
    .requiredOption('--id <task>', 'the task to move')
    .option('--after <task>', 'right after this sibling')
    .option('--before <task>', 'right before this sibling')
    .option('--first', 'first of its group')
    .option('--last', 'last of its group')
    .option('--parent <task>', 'under this task (with its own subtasks); without it or --top-level, under the parent it has')
    .option('--top-level', 'out of its parent, onto the top level')
    .option('--list <list>', `into this list (a list id or ${INBOX_ALIAS}), with its subtasks; beside --parent, the parent's list`)
    .option('--json', 'print the moved task as JSON')
    .action(async (options: MoveOptions) => {
      const command = new MoveTaskCommand(options.user, options.id, requestedMove(options));
      printTask(await context.withApplication(({ commands }) => commands.execute(command)), options.json);
    });

  tasks
    .command('delete')
    .description('delete a task and its subtasks')
    .requiredOption('--user <id>', 'the owner')
    .requiredOption('--id <task>', 'the task id')
    .option('--json', 'print {id, deleted} as JSON')
    .action(async (options: TaskOptions) => {
      await context.withApplication(({ commands }) => commands.execute(new DeleteTaskCommand(options.user, options.id)));
      if (options.json) return context.out.json({ id: options.id, deleted: true });
      context.out.line(`Deleted task ${options.id}.`);
    });
}

/** Gathers a repeated option's values, in the order given. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The one place a move's flags become the move HTTP's `after_id`/`before_id`/`parent_id`/`list_id` body asks for. */
function requestedMove(options: MoveOptions): RequestedMove {
  const place = requestedPlace(options, 'task');
  if (options.parent !== undefined && options.topLevel) throw new CliError(EXIT.usage, 'Give either --parent or --top-level, not both');
  const parentId = options.topLevel ? null : options.parent;
  return { ...place, ...(parentId !== undefined && { parentId }), ...(options.list !== undefined && { listId: options.list }) };
}

function shorten(title: string): string {
  const characters = [...title];
  return characters.length > LISTED_TITLE_LENGTH ? `${characters.slice(0, LISTED_TITLE_LENGTH - 1).join('')}…` : title;
}
