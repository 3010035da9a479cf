/**
 * The MCP tools over stdio, for an agent on the same machine that starts the server itself (`tasks-admin mcp`):
 * JSON-RPC messages on stdin and stdout, nothing else on stdout — logs go to stderr.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Readable, Writable } from 'node:stream';
import type { Logger } from '../../infrastructure/logging/logger.js';
import { createTasksMcpServer, type TasksApplication } from './tasks-mcp-server.js';

export interface StdioStreams {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
}

/** Serves `userId`'s tools until the client closes stdin (how MCP clients end a stdio server), then returns. */
export async function serveMcpOverStdio(application: TasksApplication, userId: string, log: Logger, streams: StdioStreams): Promise<void> {
  const server = createTasksMcpServer(application, userId, log);
  server.server.onerror = (error) => log.warn({ err: error }, 'MCP stdio error');
  const ended = new Promise<void>((resolve) => {
    streams.stdin.once('end', resolve);
    streams.stdin.once('close', resolve);
  });
  // The process's own stdin and stdout, which is what the CLI passes.
  await server.connect(new StdioServerTransport(streams.stdin as Readable, streams.stdout as Writable));
  log.info({ user_id: userId }, 'serving MCP over stdio');
  await ended;
  await server.close();
}
