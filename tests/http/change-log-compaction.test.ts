/**
 * Compacted change logs over HTTP: a cursor or Last-Event-ID older than what the log keeps is 410 Gone
 * (sync again), the log read from the start still rebuilds the task list, and the service compacts on its own.
 */
import { expect } from 'chai';
import pg from 'pg';
import type { ChangeLogCompaction } from '../../src/application/changes/change-log-compaction.js';
import { TOKENS } from '../../src/application/tokens.js';
import { byId, rebuild } from '../support/change-replay.js';
import { SseClient } from '../support/sse-client.js';
import { testDatabaseUrl } from '../support/test-database.js';
import { TestService, useTestService, type UserClient } from '../support/test-service.js';

describe('HTTP: change feed after compaction', () => {
  const service = useTestService();
  let sql: pg.Client;

  before(async () => {
    sql = new pg.Client({ connectionString: await testDatabaseUrl() });
    await sql.connect();
  });
  after(async () => {
    await sql.end();
  });

  /** Makes every change the user has made so far look `days` older. */
  const age = (user: UserClient, days: number) =>
    sql.query(`update task_events set occurred_at = occurred_at - $2 * interval '1 day' where user_id = $1`, [user.userId, days]);
  const compact = () => service.service.runtime.container.get<ChangeLogCompaction>(TOKENS.ChangeLogCompaction).run({ retentionDays: 30 });
  const allChanges = async (user: UserClient) => {
    const changes = [];
    for (let since = ''; ; ) {
      const page = await user.request('GET', `/api/tasks/changes?limit=2${since ? `&since=${since}` : ''}`);
      expect(page.status).to.equal(200);
      changes.push(...page.body.changes);
      since = page.body.next_cursor;
      if (!page.body.has_more) return changes;
    }
  };

  it('answers 410 to a cursor or Last-Event-ID from the compacted part, and rebuilds the tasks from the start', async () => {
    const user = await service.as(TestService.newUserId('compacted'));
    const kept = await user.createTask('Kept');
    const gone = await user.createTask('Gone');
    await user.request('PATCH', `/api/tasks/${kept.id}/complete`);
    await user.request('DELETE', `/api/tasks/${gone.id}`);
    const old = await allChanges(user);
    await age(user, 40);
    await user.createTask('Recent');

    const report = await compact();
    expect(report.users).to.be.at.least(1);

    for (const { id: cursor } of old) {
      const stale = await user.request('GET', `/api/tasks/changes?since=${cursor}`);
      expect(stale.status, cursor).to.equal(410);
      expect(stale.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(stale.body).to.include({ type: 'about:blank', title: 'Gone', status: 410 });
      expect(stale.body.detail).to.equal('This cursor is older than your change log still reaches (old changes are compacted away); sync again from the beginning');
      const stream = await SseClient.connect(`${service.url}/api/events`, user.token, { lastEventId: cursor });
      expect(stream.status).to.equal(410);
      expect((await stream.problem()).detail).to.match(/^This Last-Event-ID is older than your change log still reaches/);
    }

    const fresh = await allChanges(user);
    // The inbox's creation is carried as the kept task's completion is: the log still holds every list.
    expect(fresh.map((change) => [change.type, change.task?.title ?? change.list?.name])).to.deep.equal([
      ['task.created', 'Recent'],
      ['list.created', 'Inbox'],
      ['task.completed', 'Kept'],
    ]);
    expect(fresh[1]).to.deep.include({ list_id: old[0].list_id, list: old[0].list });
    expect(fresh[0].id > old.at(-1)!.id).to.equal(true);
    const listed = await user.request('GET', '/api/tasks?limit=500');
    const rebuilt = rebuild(fresh);
    expect(byId(rebuilt.tasks.values())).to.deep.equal(byId(listed.body.items));
    expect([...rebuilt.lists.keys()]).to.deep.equal([kept.list_id]);
    // Cursors handed out now resume as ever.
    const resumed = await user.request('GET', `/api/tasks/changes?since=${fresh[0].id}`);
    expect(resumed.body.changes.map((change: any) => change.id)).to.deep.equal([fresh[1].id, fresh[2].id]);
  });

  it('delivers what compaction carried forward to a live stream, which carries on', async () => {
    const user = await service.as(TestService.newUserId('live'));
    const task = await user.createTask('Toggled');
    await user.request('PATCH', `/api/tasks/${task.id}/complete`);
    await user.request('PATCH', `/api/tasks/${task.id}/complete`);
    const stream = await user.events();
    await age(user, 40);

    await compact();
    await stream.until((client) => client.messages.length === 2, 3000, 'the carried changes');
    expect(stream.changes[0]).to.include({ type: 'list.created', list_id: task.list_id });
    expect(stream.changes[1]).to.include({ type: 'task.reopened', task_id: task.id });
    await user.createTask('After');
    await stream.until((client) => client.messages.length === 3);
    expect(stream.isEnded).to.equal(false);
    await stream.close();
  });
});

describe('HTTP: the service compacts change logs on its own', () => {
  const service = useTestService({ CHANGE_RETENTION_DAYS: '30' }, { compactionSchedule: { firstDelayMs: 100, intervalMs: 200 } });

  it('compacts a log whose old changes no longer matter, soon after they are old', async () => {
    const sql = new pg.Client({ connectionString: await testDatabaseUrl() });
    await sql.connect();
    try {
      const user = await service.as(TestService.newUserId('background'));
      const task = await user.createTask('Renamed');
      await user.request('PATCH', `/api/tasks/${task.id}`, { body: { title: 'Renamed again' } });
      // Four changes, two of which still matter (the task's last and its inbox's): half of them no longer do.
      await user.request('PATCH', `/api/tasks/${task.id}`, { body: { title: 'Renamed once more' } });
      const { body: before } = await user.request('GET', '/api/tasks/changes');
      await sql.query(`update task_events set occurred_at = occurred_at - interval '31 days' where user_id = $1`, [user.userId]);

      let status = 200;
      for (let attempt = 0; attempt < 50 && status === 200; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = (await user.request('GET', `/api/tasks/changes?since=${before.changes[0].id}`)).status;
      }
      expect(status).to.equal(410);
      const { body: after } = await user.request('GET', '/api/tasks/changes');
      expect(after.changes.map((change: any) => change.task?.title ?? change.list.name)).to.deep.equal(['Inbox', 'Renamed once more']);
    } finally {
      await sql.end();
    }
  });
});
