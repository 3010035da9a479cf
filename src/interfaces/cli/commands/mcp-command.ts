import type { Command } from 'commander';
import { UserId } from '../../../domain/index.js';
import { serveMcpOverStdio } from '../../mcp/mcp-stdio.js';
import type { CliContext } from '../cli-context.js';

/**
 * `mcp --user <id>`: the MCP tools over stdio for a local agent (Claude Desktop, an IDE), acting as that user
 * through the same application layer as the HTTP endpoint and the `tasks` commands. No token is involved: who
 * can run this CLI against the database can act as anyone already.
 */
export function registerMcpCommand(program: Command, context: CliContext): void {
  program
    .command('mcp')
    .description("serve the MCP tools over stdio to a local agent, acting as one user, until stdin closes (logs go to stderr)")
    .requiredOption('--user <id>', 'the user whose tasks the agent manages')
    .action(async (options: { user: string }) => {
      const userId = UserId.from(options.user).value;
      await context.withApplication((application) => serveMcpOverStdio(application, userId, context.logger(), context.environment));
    });
}
