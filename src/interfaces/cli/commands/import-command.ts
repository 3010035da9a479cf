import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { ImportTasksCommand } from '../../../application/commands/import-tasks.js';
import type { CliContext } from '../cli-context.js';
import { printable } from '../cli-output.js';
import { CliError, EXIT } from '../exit-status.js';
import { parseImportFile } from '../task-export-file.js';

export function registerImportCommand(program: Command, context: CliContext): void {
  program
    .command('import')
    .description("add the lists and tasks of an export file to a user's: all of them, or none if any is invalid")
    .argument('<file>', "an export file, or - for stdin")
    .requiredOption('--user <id>', 'the owner to import into')
    .option('--allow-other-user', "import a file exported from another user's tasks")
    .option('--json', 'print {user_id, imported, reassigned, lists} as JSON')
    .action(async (file: string, options: { user: string; allowOtherUser?: boolean; json?: boolean }) => {
      const parsed = parseImportFile(await readInput(file, context.environment.stdin));
      // Loading Bob's export into Alice's list is a data leak when it is a slip of the keyboard.
      if (parsed.userId !== undefined && parsed.userId !== options.user && !options.allowOtherUser) {
        throw new CliError(
          EXIT.invalid,
          `The file holds the tasks of user '${printable(parsed.userId)}', not '${printable(options.user)}'; pass --allow-other-user to import them anyway`,
        );
      }
      const report = await context.withApplication(({ commands }) => commands.execute(new ImportTasksCommand(options.user, parsed.records, parsed.lists)));
      if (options.json) return context.out.json(report);
      const count = report.imported;
      context.out.line(`Imported ${count} task${count === 1 ? '' : 's'} for user '${printable(report.user_id)}'.`);
      for (const { from, to } of report.reassigned) context.out.line(`  ${from} was taken: imported as ${to}`);
      // Lists that went into the user's own (the inbox, one of the same name) are as expected; new ones are news.
      for (const { name, id } of report.lists.filter((list) => list.created)) context.out.line(`  new list ${printable(name)}: ${id}`);
    });
}

async function readInput(file: string, stdin: NodeJS.ReadableStream): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
      throw new CliError(EXIT.usage, `Cannot read ${printable(file)}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : 'permission denied'}`);
    }
    throw error;
  }
}
