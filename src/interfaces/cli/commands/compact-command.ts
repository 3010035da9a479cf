import type { Command } from 'commander';
import type { ChangeLogCompaction } from '../../../application/changes/change-log-compaction.js';
import { TOKENS } from '../../../application/tokens.js';
import type { CliContext } from '../cli-context.js';

export function registerCompactCommand(program: Command, context: CliContext): void {
  program
    .command('compact')
    .description(
      "remove changes older than CHANGE_RETENTION_DAYS from users' change logs, as the server does every hour " +
        '(what they last said about tasks still there is kept); sync cursors into the removed part get 410',
    )
    .option('--dry-run', 'only say what would be removed; change nothing')
    .option('--json', 'print {before, users, removed, carried, busy, dry_run} as JSON')
    .action(async (options: { dryRun?: boolean; json?: boolean }) => {
      const retentionDays = context.config().changeRetentionDays;
      const dryRun = options.dryRun === true;
      const report = await context.withRuntime(
        (runtime) => runtime.container.get<ChangeLogCompaction>(TOKENS.ChangeLogCompaction).run({ retentionDays, dryRun }),
        { requireCurrentSchema: true },
      );
      if (options.json) return context.out.json({ ...report, dry_run: dryRun });
      const what =
        `${plural(report.removed, 'change')} older than ${plural(retentionDays, 'day')} (before ${report.before}) ` +
        `from the change logs of ${plural(report.users, 'user')}, carrying ${plural(report.carried, 'change')} forward`;
      context.out.line(dryRun ? `Would remove ${what}. Nothing was changed; run again without --dry-run to compact.` : `Removed ${what}.`);
      if (report.busy > 0) context.out.line(`${plural(report.busy, 'user')} skipped: their log was being written to; the next run takes them.`);
    });
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
