import { expect } from 'chai';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { TaskNotFoundError } from '../../../../src/domain/index.js';
import { createLogger } from '../../../../src/infrastructure/logging/logger.js';
import { defineTool, type ToolContext } from '../../../../src/interfaces/mcp/mcp-tool.js';
import { McpTestClient, textOf } from '../../../support/mcp-client.js';
import { createInMemoryApplication } from '../../../support/in-memory-application.js';

describe('MCP tool definitions', () => {
  let logged: any[];
  let client: McpTestClient;

  const echo = defineTool({
    name: 'echo',
    title: 'Echo',
    description: 'Answers what it is given; fails as asked.',
    input: z.strictObject({ id: z.string(), fail: z.enum(['none', 'not_found', 'bug']) }),
    output: z.object({ said: z.string() }),
    annotations: { readOnlyHint: true },
    async run({ id, fail }) {
      if (fail === 'not_found') throw new TaskNotFoundError();
      if (fail === 'bug') throw new TypeError('cannot read properties of undefined (reading "rows")');
      return { structured: { said: id }, text: `You said ${id}` };
    },
  });

  beforeEach(async () => {
    logged = [];
    const { commands, queries } = createInMemoryApplication();
    const log = createLogger('error', { write: (line: string) => logged.push(JSON.parse(line)) });
    const context: ToolContext = { commands, queries, userId: 'user-1', log };
    const server = new McpServer({ name: 'test', version: '1.0.0' });
    echo.register(server, context);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    client = await McpTestClient.over(clientSide);
  });
  afterEach(async () => {
    await client.close();
  });

  it('registers its schemas, annotations and title, and answers with both structured content and text', async () => {
    const [tool] = (await client.client.listTools()).tools;
    expect(tool).to.deep.include({ name: 'echo', title: 'Echo', annotations: { title: 'Echo', readOnlyHint: true } });
    expect(tool!.inputSchema.required).to.deep.equal(['id', 'fail']);

    const result = await client.call('echo', { id: 'hello', fail: 'none' });
    expect(result).to.deep.equal({ content: [{ type: 'text', text: 'You said hello' }], structuredContent: { said: 'hello' } });
  });

  it('answers a typed failure as an error result naming the task the call was about', async () => {
    const result = await client.call('echo', { id: 'abc', fail: 'not_found' });
    expect(result.isError).to.equal(true);
    expect(textOf(result)).to.equal('No task with id "abc" among your tasks; use an id that find_tasks or add_tasks returned');
    expect(logged).to.deep.equal([]);
  });

  it('answers a failure nobody foresaw as an error result to retry, without its details, and logs it', async () => {
    const result = await client.call('echo', { id: 'abc', fail: 'bug' });
    expect(result.isError).to.equal(true);
    expect(textOf(result)).to.match(/^The service failed unexpectedly/).and.not.include('rows');
    expect(logged).to.have.length(1);
    expect(logged[0]).to.include({ tool: 'echo', msg: 'MCP tool failed' });
  });
});
