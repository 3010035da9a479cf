import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';

export function registerMigrateCommand(program: Command, context: CliContext): void {
  program
    .command('migrate')
    .description('apply pending database migrations (the same ones the server applies at start)')
    .option('--status', 'list every migration and when it ran, changing nothing')
    .option('--json', 'print JSON instead of text')
    .action(async (options: { status?: boolean; json?: boolean }) => {
      const { out } = context;
      if (options.status) {
        const migrations = await context.withRuntime((runtime) => runtime.database.migrationStatus(), { requireCurrentSchema: false });
        const rows = migrations.map(({ name, executedAt }) => ({ name, executed_at: executedAt?.toISOString() ?? null }));
        if (options.json) return out.json(rows);
        return out.table(['MIGRATION', 'EXECUTED AT'], rows.map((row) => [row.name, row.executed_at ?? 'pending']));
      }
      const applied = await context.withRuntime((runtime) => runtime.database.migrate(context.logger()), { requireCurrentSchema: false });
      if (options.json) return out.json({ applied });
      if (applied.length === 0) return out.line('The database schema is up to date; nothing to apply.');
      out.line(`Applied ${applied.length} migration${applied.length === 1 ? '' : 's'}:`);
      for (const name of applied) out.line(`  ${name}`);
    });
}
