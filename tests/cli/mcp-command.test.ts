/**
 * `tasks-admin mcp --user <id>`: the MCP tools over stdio, spawned by the SDK's own client as a local agent
 * (Claude Desktop, an IDE) spawns it, against the test database the HTTP service also serves.
 */
import { expect } from 'chai';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { AdminCli, BUILT_CLI } from '../support/built-cli.js';
import { McpTestClient } from '../support/mcp-client.js';
import { TestService, type UserClient } from '../support/test-service.js';

describe('CLI: mcp over stdio', function () {
  this.timeout(120_000);
  let cli: AdminCli;
  let service: TestService;
  let alice: UserClient;

  before(async () => {
    [cli, service] = await Promise.all([AdminCli.start(), TestService.start()]);
  });
  after(async () => {
    await Promise.all([cli.stop(), service.stop()]);
  });
  beforeEach(async () => {
    alice = await service.as(TestService.newUserId('alice'));
  });

  /** The built CLI as an MCP client starts it: only protocol on stdout, logs (at debug here) on stderr. */
  async function spawnAgent(userId: string) {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BUILT_CLI, 'mcp', '--user', userId],
      env: { PATH: process.env.PATH ?? '', HOME: cli.workDir, DATA_DIR: cli.workDir, LOG_LEVEL: 'debug', ...cli.env },
      cwd: cli.workDir,
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const protocolErrors: Error[] = [];
    const agent = await McpTestClient.over(transport);
    transport.onerror = (error) => protocolErrors.push(error);
    return { agent, protocolErrors, stderr: () => stderr };
  }

  it('answers tools/list and tool calls as that user, whose changes HTTP and the live stream then see', async () => {
    const events = await alice.events();
    const { agent, protocolErrors, stderr } = await spawnAgent(alice.userId);
    try {
      const { tools } = await agent.client.listTools();
      expect(tools.map((tool) => tool.name)).to.include.members(['add_tasks', 'find_tasks', 'get_overview']);

      const { results } = await agent.ok('add_tasks', { tasks: [{ title: 'From the desktop', priority: 'high' }] });
      const created = results[0].task;
      expect(created).to.include({ user_id: alice.userId, title: 'From the desktop', priority: 'high' });
      expect((await alice.request('GET', `/api/tasks/${created.id}`)).body).to.deep.equal(created);
      expect((await agent.ok('find_tasks', { query: 'desktop' })).tasks).to.deep.equal([created]);

      // The user's inbox, made for the new task, is announced first.
      await events.untilMessages(2, 5000);
      expect(events.messages.map((message) => message.event)).to.deep.equal(['list.created', 'task.created']);
      expect(JSON.parse(events.messages[1]!.data).task).to.deep.equal(created);
    } finally {
      const closing = Date.now();
      await agent.close();
      await events.close();
      // Closing stdin ends the server by itself: the client did not have to kill it (it waits 2 s before it would).
      expect(Date.now() - closing).to.be.below(2000);
    }
    expect(protocolErrors).to.deep.equal([]);
    // The logs went to stderr, as JSON lines, and nothing but protocol reached stdout (or the client would have failed).
    expect(stderr()).to.include('"msg":"serving MCP over stdio"');
  });

  it('refuses a user id that is not one, before serving anything', async () => {
    const result = await cli.run('mcp', '--user', '');

    expect(result.code).to.equal(4);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.match(/^error: user_id: User id must be/);
  });
});
