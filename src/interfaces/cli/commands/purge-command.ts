import type { Command } from 'commander';
import { PurgeUserTasksCommand } from '../../../application/commands/purge-user-tasks.js';
import { PurgeUserTasksPreviewQuery } from '../../../application/queries/purge-user-tasks-preview.js';
import type { CliContext } from '../cli-context.js';
import { printable } from '../cli-output.js';

export function registerPurgeCommand(program: Command, context: CliContext): void {
  program
    .command('purge')
    .description("erase all of a user's tasks, lists, change log and saved retry answers (right to erasure); without --yes, only say what would go")
    .requiredOption('--user <id>', 'the user whose data to erase')
    .option('--yes', 'really erase; there is no undo (export first if in doubt)')
    .option('--json', 'print {user_id, tasks, lists, events, erased} as JSON')
    .action(async (options: { user: string; yes?: boolean; json?: boolean }) => {
      const report = await context.withApplication(({ commands, queries }) =>
        options.yes ? commands.execute(new PurgeUserTasksCommand(options.user)) : queries.execute(new PurgeUserTasksPreviewQuery(options.user)),
      );
      const erased = options.yes === true;
      if (options.json) return context.out.json({ ...report, erased });
      const counts = `${plural(report.tasks, 'task')}, ${plural(report.lists, 'list')} and ${plural(report.events, 'event')}`;
      const what = `${counts} of user '${printable(report.user_id)}'`;
      if (erased) return context.out.line(`Erased ${what}.`);
      context.out.line(`Would erase ${what}. Nothing was changed; run again with --yes to erase.`);
    });
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
