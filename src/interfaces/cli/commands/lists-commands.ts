import type { Command } from 'commander';
import { CreateListCommand } from '../../../application/commands/create-list.js';
import { DeleteListCommand } from '../../../application/commands/delete-list.js';
import { MoveListCommand } from '../../../application/commands/move-list.js';
import { INBOX_ALIAS } from '../../../application/commands/owned-list.js';
import { RenameListCommand } from '../../../application/commands/rename-list.js';
import type { ListView } from '../../../application/list-view.js';
import { ListListsQuery } from '../../../application/queries/list-lists.js';
import { LIST_NAME_MAX_LENGTH } from '../../../domain/index.js';
import type { CliContext } from '../cli-context.js';
import { printable } from '../cli-output.js';
import { requestedPlace, type PlaceOptions } from './manual-order-flags.js';

interface ListOptions {
  user: string;
  id: string;
  json?: boolean;
}

/** `lists …`: one user's lists through the commands and queries `/api/lists` sends. */
export function registerListsCommands(program: Command, context: CliContext): void {
  const lists = program.command('lists').description("list, create, rename, reorder and delete one user's lists, as that user would over HTTP");
  const printList = (list: ListView, json: boolean | undefined) => (json ? context.out.json(list) : context.out.list(list));
  const listId = `the list id, or ${INBOX_ALIAS}`;

  lists
    .command('list')
    .description("a user's lists in their order, the inbox among them")
    .requiredOption('--user <id>', 'the owner')
    .option('--json', 'print {items: [list]} as JSON')
    .action(async (options: { user: string; json?: boolean }) => {
      const page = await context.withApplication(({ queries }) => queries.execute(new ListListsQuery(options.user)));
      if (options.json) return context.out.json(page);
      context.out.table(
        ['ID', 'INBOX', 'NAME'],
        page.items.map((list) => [list.id, list.is_inbox ? 'yes' : '-', list.name]),
      );
    });

  lists
    .command('create')
    .description("add a list at the end of the user's lists")
    .requiredOption('--user <id>', 'the owner')
    .requiredOption('--name <name>', `1-${LIST_NAME_MAX_LENGTH} characters, unique among the user's lists in any case`)
    .option('--json', 'print the new list as JSON')
    .action(async (options: { user: string; name: string; json?: boolean }) => {
      const command = new CreateListCommand(options.user, options.name);
      printList(await context.withApplication(({ commands }) => commands.execute(command)), options.json);
    });

  lists
    .command('rename')
    .description('rename a list (the inbox too)')
    .requiredOption('--user <id>', 'the owner')
    .requiredOption('--id <list>', listId)
    .requiredOption('--to <name>', 'its new name')
    .option('--json', 'print the renamed list as JSON')
    .action(async (options: ListOptions & { to: string }) => {
      const command = new RenameListCommand(options.user, options.id, options.to);
      printList(await context.withApplication(({ commands }) => commands.execute(command)), options.json);
    });

  lists
    .command('move')
    .description("put a list elsewhere in the user's order of lists")
    .requiredOption('--user <id>', 'the owner')
    .requiredOption('--id <list>', listId)
    .option('--after <list>', 'right after this list')
    .option('--before <list>', 'right before this list')
    .option('--first', 'first of the lists')
    .option('--last', 'last of the lists')
    .option('--json', 'print the moved list as JSON')
    .action(async (options: ListOptions & PlaceOptions) => {
      const command = new MoveListCommand(options.user, options.id, requestedPlace(options, 'list'));
      printList(await context.withApplication(({ commands }) => commands.execute(command)), options.json);
    });

  lists
    .command('delete')
    .description('delete a list and every task in it (not the inbox)')
    .requiredOption('--user <id>', 'the owner')
    .requiredOption('--id <list>', 'the list id')
    .option('--json', 'print {id, deleted} as JSON')
    .action(async (options: ListOptions) => {
      await context.withApplication(({ commands }) => commands.execute(new DeleteListCommand(options.user, options.id)));
      if (options.json) return context.out.json({ id: options.id, deleted: true });
      context.out.line(`Deleted list ${printable(options.id)} and its tasks.`);
    });
}
