/**
 * The `tasks-admin` program: commander definitions of every command, and the one place that turns an
 * outcome into an exit code and a single line on stderr.
 */
import { Command } from 'commander';
import { CliContext, type CliEnvironment } from './cli-context.js';
import { printable } from './cli-output.js';
import { registerCompactCommand } from './commands/compact-command.js';
import { registerExportCommand } from './commands/export-command.js';
import { registerImportCommand } from './commands/import-command.js';
import { registerLabelsCommands } from './commands/labels-commands.js';
import { registerListsCommands } from './commands/lists-commands.js';
import { registerMcpCommand } from './commands/mcp-command.js';
import { registerMigrateCommand } from './commands/migrate-command.js';
import { registerPurgeCommand } from './commands/purge-command.js';
import { registerStatsCommand } from './commands/stats-command.js';
import { registerTasksCommands } from './commands/tasks-commands.js';
import { registerTokenCommand } from './commands/token-command.js';
import { EXIT, toExitStatus, type ExitCode } from './exit-status.js';

export async function runTasksAdmin(argv: readonly string[], environment: CliEnvironment): Promise<ExitCode> {
  const { program, context } = tasksAdminProgram(environment);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    const { code, message } = toExitStatus(error);
    if (message !== null) environment.stderr.write(`error: ${printable(message)}\n`);
    if (context.verbose && code !== EXIT.ok && error instanceof Error && error.stack) {
      environment.stderr.write(`${error.stack}\n`);
    }
    return code;
  }
}

/** Every command, defined but not run: what `runTasksAdmin` parses, and what the documentation is checked against. */
export function tasksAdminProgram(environment: CliEnvironment): { program: Command; context: CliContext } {
  const program = new Command('tasks-admin');
  const context = new CliContext(environment, () => program.opts<{ verbose?: boolean }>().verbose === true);
  program
    .description('Operate the tasks API: migrations, development tokens, and users\' tasks, through the same use cases as HTTP.')
    .option('--verbose', 'more logging, and the stack trace of a failure')
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => environment.stdout.write(text),
      writeErr: (text) => environment.stderr.write(text),
    })
    .addHelpText(
      'after',
      '\nExit codes: 0 success, 2 bad usage, 3 not found, 4 validation error, 5 database unavailable, 1 anything else.',
    );
  registerMigrateCommand(program, context);
  registerTokenCommand(program, context);
  registerTasksCommands(program, context);
  registerListsCommands(program, context);
  registerLabelsCommands(program, context);
  registerStatsCommand(program, context);
  registerExportCommand(program, context);
  registerImportCommand(program, context);
  registerPurgeCommand(program, context);
  registerCompactCommand(program, context);
  registerMcpCommand(program, context);
  return { program, context };
}
