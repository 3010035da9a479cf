/**
 * What one MCP tool is, and how it is put on a server: a zod input schema, a zod output schema, and a `run` that
 * acts for one user through the command and query buses. A module of tools is one file exporting a list of them
 * (task-tools.ts); tasks-mcp-server.ts names the modules a server offers.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { CommandBus } from '../../application/command-bus.js';
import type { QueryBus } from '../../application/query-bus.js';
import type { Logger } from '../../infrastructure/logging/logger.js';
import { toToolError, UNEXPECTED_TOOL_ERROR } from './tool-errors.js';

/** Whom a tool acts for, and through what: the same buses the HTTP routes and the CLI send to. */
export interface ToolContext {
  readonly commands: CommandBus;
  readonly queries: QueryBus;
  readonly userId: string;
  readonly log: Logger;
}

/** What a tool's `run` answers: the structured result, the short text a person (or a plain client) reads, and
 * whether the call as a whole failed (a batch in which no item succeeded). */
export interface ToolOutcome<Output> {
  readonly structured: Output;
  readonly text: string;
  readonly failed?: boolean;
}

export interface ToolDefinition<Input extends z.ZodObject, Output extends z.ZodObject> {
  readonly name: string;
  readonly title: string;
  /** Written for the model: what it does, when to use it, the formats, where ids come from. */
  readonly description: string;
  readonly input: Input;
  readonly output: Output;
  readonly annotations: ToolAnnotations;
  run(input: z.output<Input>, context: ToolContext): Promise<ToolOutcome<z.input<Output>>>;
}

/** A tool ready to be put on a server, whatever its schemas. */
export interface McpTool {
  readonly name: string;
  register(server: McpServer, context: ToolContext): void;
}

/**
 * A tool whose failures are results the model can act on, never protocol errors: a typed error becomes
 * `isError` with its message (tool-errors.ts), anything else is logged and reported as a failure to retry.
 * Arguments that do not fit the input schema are refused by the SDK itself, also as an `isError` result.
 */
export function defineTool<Input extends z.ZodObject, Output extends z.ZodObject>(tool: ToolDefinition<Input, Output>): McpTool {
  return {
    name: tool.name,
    register(server, context) {
      // The SDK's callback types do not follow a schema left generic: the arguments are typed here instead,
      // and the SDK has parsed them with `tool.input` before the callback runs.
      const config = {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input as z.ZodObject,
        outputSchema: tool.output as z.ZodObject,
        annotations: { title: tool.title, ...tool.annotations },
      };
      server.registerTool(tool.name, config, async (input): Promise<CallToolResult> => {
        try {
          const outcome = await tool.run(input as z.output<Input>, context);
          return {
            content: [{ type: 'text', text: outcome.text }],
            structuredContent: outcome.structured as Record<string, unknown>,
            ...(outcome.failed && { isError: true }),
          };
        } catch (error) {
          return { content: [{ type: 'text', text: failureMessage(error, tool.name, taskIdOf(input), context) }], isError: true };
        }
      });
    },
  };
}

/** The one task a call is about, when its input names one by `id`: a not-found says which. */
function taskIdOf(input: unknown): string | undefined {
  const id = (input as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}

function failureMessage(error: unknown, toolName: string, taskId: string | undefined, context: ToolContext): string {
  const known = toToolError(error, taskId);
  if (known) return known.message;
  context.log.error({ err: error, tool: toolName }, 'MCP tool failed');
  return UNEXPECTED_TOOL_ERROR.message;
}
