/**
 * The official MCP SDK client, as an agent connects with it: over Streamable HTTP with a bearer token, or to any
 * transport (stdio, in memory). `call` returns what the tool answered, `ok` insists that it succeeded.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

export class McpTestClient {
  private constructor(readonly client: Client) {}

  static async over(transport: Transport): Promise<McpTestClient> {
    const client = new Client({ name: 'tasks-api-tests', version: '1.0.0' });
    await client.connect(transport);
    return new McpTestClient(client);
  }

  /** Connects to `<serviceUrl>/mcp` with `Authorization: Bearer <token>`. */
  static connect(serviceUrl: string, token: string): Promise<McpTestClient> {
    return McpTestClient.over(
      new StreamableHTTPClientTransport(new URL('/mcp', serviceUrl), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }),
    );
  }

  async call(name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
    return (await this.client.callTool({ name, arguments: args })) as CallToolResult;
  }

  /** The structured result of a call that must not be an error. */
  async ok<T = any>(name: string, args: Record<string, unknown> = {}): Promise<T> {
    const result = await this.call(name, args);
    if (result.isError) throw new Error(`${name} failed: ${textOf(result)}`);
    return result.structuredContent as T;
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

export function textOf(result: CallToolResult): string {
  return result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
}
