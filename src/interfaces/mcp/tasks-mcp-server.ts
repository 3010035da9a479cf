/**
 * The MCP server of the tasks service: one `McpServer` for one user, offering every tool module. Over HTTP a new
 * one is made for each request (stateless: nothing is kept between requests); over stdio one serves the process.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CommandBus } from '../../application/command-bus.js';
import type { QueryBus } from '../../application/query-bus.js';
import type { Logger } from '../../infrastructure/logging/logger.js';
import type { McpTool } from './mcp-tool.js';
import { taskTools } from './task-tools.js';

/** Every tool the server offers, a module (one file) each. */
export const TOOL_MODULES: readonly (readonly McpTool[])[] = [taskTools];

export const MCP_SERVER_INFO = { name: 'tasks-api', title: 'Tasks', version: '1.0.0' } as const;

// Read by the model when it connects: how the tools fit together.
const INSTRUCTIONS =
  'These tools manage the signed-in user’s own task list (a to-do list), and nobody else’s. Call get_overview to ' +
  'see where they stand today; find_tasks to look tasks up and learn their ids; then add_tasks, update_tasks, ' +
  'complete_tasks, reopen_tasks and delete_tasks act on tasks by id, several at a time. Dates are YYYY-MM-DD; time ' +
  'zones are IANA names such as Europe/Paris. Changes show at once in the user’s other apps.';

/** The buses the tools send to, as the container provides them to every interface. */
export interface TasksApplication {
  readonly commands: CommandBus;
  readonly queries: QueryBus;
}

export function createTasksMcpServer(application: TasksApplication, userId: string, log: Logger): McpServer {
  const server = new McpServer(MCP_SERVER_INFO, { instructions: INSTRUCTIONS });
  const context = { ...application, userId, log };
  for (const tool of TOOL_MODULES.flat()) tool.register(server, context);
  return server;
}
