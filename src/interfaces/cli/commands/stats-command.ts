import type { Command } from 'commander';
import { AdminTaskStatsQuery } from '../../../application/queries/admin-task-stats.js';
import type { CliContext } from '../cli-context.js';

export function registerStatsCommand(program: Command, context: CliContext): void {
  program
    .command('stats')
    .description('task counts per user (every user who has tasks, or one) and in total')
    .option('--user <id>', 'only this user')
    .option('--json', 'print {users, totals} as JSON')
    .action(async (options: { user?: string; json?: boolean }) => {
      const stats = await context.withApplication(({ queries }) => queries.execute(new AdminTaskStatsQuery(options.user)));
      if (options.json) return context.out.json(stats);
      const { totals } = stats;
      context.out.table(
        ['USER', 'TOTAL', 'PENDING', 'COMPLETED'],
        [
          ...stats.users.map((user) => [user.user_id, user.total, user.pending, user.completed]),
          [`(${totals.users} user${totals.users === 1 ? '' : 's'})`, totals.total, totals.pending, totals.completed],
        ],
      );
    });
}
