/**
 * After a purge (right to erasure), devices that synced before it must start over: an old cursor or
 * Last-Event-ID is refused — even once new changes have been made — rather than silently skipping them or
 * leaving the erased tasks on the device.
 */
import { expect } from 'chai';
import type { CommandBus } from '../../src/application/command-bus.js';
import { PurgeUserTasksCommand } from '../../src/application/commands/purge-user-tasks.js';
import { TOKENS } from '../../src/application/tokens.js';
import { SseClient } from '../support/sse-client.js';
import { TestService, useTestService } from '../support/test-service.js';

describe('HTTP: change feed after a purge', () => {
  const service = useTestService();

  it('refuses cursors from before the purge, and serves the new log from the start', async () => {
    const userId = TestService.newUserId('purged');
    const user = await service.as(userId);
    await user.createTask('Before one');
    const second = await user.createTask('Before two');
    await user.request('PATCH', `/api/tasks/${second.id}/complete`);
    const synced = await user.request('GET', '/api/tasks/changes');
    const oldCursor = synced.body.next_cursor as string;
    const midCursor = synced.body.changes[0].id as string;

    const commands = service.service.runtime.container.get<CommandBus>(TOKENS.CommandBus);
    await commands.execute(new PurgeUserTasksCommand(userId));
    // New changes after the purge: more of them than the erased log had, so positions overlap.
    const after = [];
    for (let index = 0; index < 4; index++) after.push(await user.createTask(`After ${index}`));

    for (const cursor of [oldCursor, midCursor]) {
      const stale = await user.request('GET', `/api/tasks/changes?since=${cursor}`);
      expect(stale.status, cursor).to.equal(400);
      expect(stale.body.detail).to.include('sync again from the beginning');
      const stream = await SseClient.connect(`${service.url}/api/events`, user.token, { lastEventId: cursor });
      expect(stream.status).to.equal(400);
      await stream.problem();
    }

    const fresh = await user.request('GET', '/api/tasks/changes');
    expect(fresh.status).to.equal(200);
    // The inbox went with the rest: the first task after the purge made a new one.
    const [inbox, ...tasks] = fresh.body.changes;
    expect(inbox).to.deep.include({ type: 'list.created', list_id: after[0].list_id });
    expect(inbox.list).to.include({ is_inbox: true });
    expect(inbox.list_id).to.not.equal(second.list_id);
    expect(tasks.map((change: any) => change.task_id)).to.deep.equal(after.map((task) => task.id));
    // The new log continues the old numbering, so a cursor handed out now is never confused with an old one.
    expect(fresh.body.changes[0].id > oldCursor).to.equal(true);
    const resumed = await user.request('GET', `/api/tasks/changes?since=${fresh.body.changes[2].id}`);
    expect(resumed.body.changes.map((change: any) => change.task_id)).to.deep.equal(after.slice(2).map((task) => task.id));
  });

  it('tells an open event stream that what it sent was erased, then ends it', async () => {
    const userId = TestService.newUserId('streaming');
    const user = await service.as(userId);
    const stream = await SseClient.connect(`${service.url}/api/events`, user.token);
    await user.createTask('Soon erased');
    await stream.until((client) => client.messages.length === 2);

    const commands = service.service.runtime.container.get<CommandBus>(TOKENS.CommandBus);
    await commands.execute(new PurgeUserTasksCommand(userId));
    await stream.until((client) => client.isEnded, 3000, 'the stream to end');
    expect(stream.messages.map((message) => message.event)).to.deep.equal(['list.created', 'task.created', 'reset']);
    expect(JSON.parse(stream.messages[2]!.data).reason).to.include('sync again');

    // Resuming after the erased change is refused, so the client resyncs from the start.
    const resumed = await SseClient.connect(`${service.url}/api/events`, user.token, { lastEventId: stream.lastEventId! });
    expect(resumed.status).to.equal(400);
    await resumed.problem();
  });

  it('leaves streams opened after a purge alone when the change listener reconnects', async () => {
    const userId = TestService.newUserId('after-purge');
    const user = await service.as(userId);
    await user.createTask('Erased before the stream');
    const commands = service.service.runtime.container.get<CommandBus>(TOKENS.CommandBus);
    await commands.execute(new PurgeUserTasksCommand(userId));

    const stream = await SseClient.connect(`${service.url}/api/events`, user.token);
    service.service.runtime.changeHub.publishToAll(); // what a reconnected listener does
    const task = await user.createTask('After the purge');
    await stream.until((client) => client.messages.length === 2);
    expect(stream.messages.map((message) => message.event)).to.deep.equal(['list.created', 'task.created']);
    expect(JSON.parse(stream.messages[1]!.data).task_id).to.equal(task.id);
    expect(stream.isEnded).to.equal(false);
    await stream.close();
  });
});
