import type { Command } from 'commander';
import { DeleteLabelCommand, MAX_TASKS_PER_LABEL_CHANGE, RenameLabelCommand } from '../../../application/commands/change-label.js';
import { ListLabelsQuery } from '../../../application/queries/list-labels.js';
import type { CliContext } from '../cli-context.js';

/** `labels …`: one user's labels across their tasks, through the commands and queries `/api/labels` sends. */
export function registerLabelsCommands(program: Command, context: CliContext): void {
  const labels = program.command('labels').description("list, rename and remove one user's labels, as that user would over HTTP");

  labels
    .command('list')
    .description("a user's labels, each with how many of their tasks have it")
    .requiredOption('--user <id>', 'the owner')
    .option('--json', 'print {items: [{name, task_count}]} as JSON')
    .action(async (options: { user: string; json?: boolean }) => {
      const list = await context.withApplication(({ queries }) => queries.execute(new ListLabelsQuery(options.user)));
      if (options.json) return context.out.json(list);
      if (list.items.length === 0) return context.out.line('No labels.');
      context.out.table(
        ['TASKS', 'LABEL'],
        list.items.map((label) => [label.task_count, label.name]),
      );
    });

  labels
    .command('rename')
    .description(
      `rename a label on every task of the user's that has it, merging it into a label of the new name (at most ${MAX_TASKS_PER_LABEL_CHANGE} tasks)`,
    )
    .requiredOption('--user <id>', 'the owner')
    .requiredOption('--name <label>', 'the label, in any case')
    .requiredOption('--to <name>', 'its new name')
    .option('--json', 'print {name, task_count} as JSON')
    .action(async (options: { user: string; name: string; to: string; json?: boolean }) => {
      const command = new RenameLabelCommand(options.user, options.name, options.to);
      const label = await context.withApplication(({ commands }) => commands.execute(command));
      if (options.json) return context.out.json(label);
      context.out.line(`Renamed to ${label.name}, on ${label.task_count} task${label.task_count === 1 ? '' : 's'}.`);
    });

  labels
    .command('delete')
    .description(`take a label off every task of the user's that has it (at most ${MAX_TASKS_PER_LABEL_CHANGE} tasks)`)
    .requiredOption('--user <id>', 'the owner')
    .requiredOption('--name <label>', 'the label, in any case')
    .option('--json', 'print {name, deleted} as JSON')
    .action(async (options: { user: string; name: string; json?: boolean }) => {
      await context.withApplication(({ commands }) => commands.execute(new DeleteLabelCommand(options.user, options.name)));
      if (options.json) return context.out.json({ name: options.name, deleted: true });
      context.out.line(`Took label ${options.name} off every task.`);
    });
}
