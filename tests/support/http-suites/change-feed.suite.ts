/**
 * `GET /api/tasks/changes`: the caller's change log, oldest first, paged by an opaque cursor. Run by
 * tests/http/change-feed.test.ts, and behind a transaction pooler by tests/http/transaction-pooler.test.ts.
 */
import { expect } from 'chai';
import { TestService, useServiceStartedBy, type UserClient } from '../test-service.js';

const START = '0000000000000000';
const cursor = (seq: number) => String(seq).padStart(16, '0');

export function changeFeedSuite(start: () => Promise<TestService>): void {
  const service = useServiceStartedBy(start);
  let alice: UserClient;
  beforeEach(async () => {
    alice = await service.as(TestService.newUserId('alice'));
  });

  it('is empty for a new user, with a cursor to poll from', async () => {
    const response = await alice.request('GET', '/api/tasks/changes');
    expect(response.status).to.equal(200);
    expect(response.headers.get('cache-control')).to.equal('private, no-cache');
    expect(response.body).to.deep.equal({ changes: [], next_cursor: START, has_more: false });
  });

  it('lists every change oldest first, with the task after each change and null once deleted', async () => {
    const created = await alice.createTask('Buy milk');
    const both = await alice.request('PATCH', `/api/tasks/${created.id}`, { body: { title: 'Buy oat milk', completed: true } });
    const reopened = await alice.request('PATCH', `/api/tasks/${created.id}/complete`);
    await alice.request('DELETE', `/api/tasks/${created.id}`);

    const { body } = await alice.request('GET', '/api/tasks/changes');
    // The inbox, made by the first create, comes first.
    expect(body.changes.map((change: any) => change.type)).to.deep.equal([
      'list.created',
      'task.created',
      'task.updated',
      'task.completed',
      'task.reopened',
      'task.deleted',
    ]);
    const tasks = body.changes.slice(1);
    expect(tasks.map((change: any) => change.task)).to.deep.equal([created, both.body, both.body, reopened.body, null]);
    expect(tasks.every((change: any) => change.task_id === created.id)).to.equal(true);
    expect(tasks[0].occurred_at).to.equal(created.created_at);
    expect(tasks[4].occurred_at).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const ids = body.changes.map((change: any) => change.id);
    expect(ids).to.deep.equal([...ids].sort());
    expect(new Set(ids).size).to.equal(6);
    expect(body.next_cursor).to.equal(ids[5]);
    expect(body.has_more).to.equal(false);
  });

  it('hands out a list change beside task changes, in log order, shaped {id, type, list_id, occurred_at, list}', async () => {
    const created = await alice.createTask('Buy milk');

    const { body } = await alice.request('GET', '/api/tasks/changes');

    const [inbox, task] = body.changes;
    expect(inbox).to.deep.equal({
      id: cursor(1),
      type: 'list.created',
      list_id: created.list_id,
      occurred_at: inbox.list.created_at,
      list: { id: created.list_id, name: 'Inbox', is_inbox: true, position: inbox.list.position, created_at: inbox.list.created_at, updated_at: inbox.list.created_at, version: 1 },
    });
    expect(Object.keys(inbox)).to.deep.equal(['id', 'type', 'list_id', 'occurred_at', 'list']);
    expect(Object.keys(inbox.list)).to.deep.equal(['id', 'name', 'is_inbox', 'position', 'created_at', 'updated_at', 'version']);
    expect(task).to.deep.include({ id: cursor(2), type: 'task.created', task_id: created.id, task: created });
    expect(Object.keys(task)).to.deep.equal(['id', 'type', 'task_id', 'occurred_at', 'task']);
  });

  it('pages with limit and next_cursor, says when more is waiting, and keeps the cursor when nothing is new', async () => {
    for (const title of ['one', 'two', 'three', 'four', 'five']) await alice.createTask(title);
    const titles: string[] = [];
    let since: string | undefined;
    const pages: boolean[] = [];
    for (;;) {
      const query = since ? `?limit=2&since=${since}` : '?limit=2';
      const { status, body } = await alice.request('GET', `/api/tasks/changes${query}`);
      expect(status).to.equal(200);
      titles.push(...body.changes.filter((change: any) => change.task).map((change: any) => change.task.title));
      pages.push(body.has_more);
      if (!body.has_more) {
        since = body.next_cursor;
        break;
      }
      since = body.next_cursor;
    }
    // Six changes: the inbox, then the five tasks.
    expect(titles).to.deep.equal(['one', 'two', 'three', 'four', 'five']);
    expect(pages).to.deep.equal([true, true, false]);

    const idle = await alice.request('GET', `/api/tasks/changes?since=${since}`);
    expect(idle.body).to.deep.equal({ changes: [], next_cursor: since, has_more: false });

    await alice.createTask('six');
    const later = await alice.request('GET', `/api/tasks/changes?since=${since}`);
    expect(later.body.changes.map((change: any) => change.task.title)).to.deep.equal(['six']);
  });

  it('shows each user only their own changes', async () => {
    const bob = await service.as(TestService.newUserId('bob'));
    await alice.createTask('Alice’s');
    const bobs = await bob.createTask('Bob’s');
    const { body } = await bob.request('GET', '/api/tasks/changes');
    expect(body.changes.map((change: any) => change.task_id ?? change.list_id)).to.deep.equal([bobs.list_id, bobs.id]);
  });

  it('refuses malformed cursors, cursors beyond the caller’s log and bad limits with 400', async () => {
    await alice.createTask('Only one'); // the inbox's change and the task's
    for (const query of [
      'since=abc',
      'since=-1',
      'since=1',
      'since=00000000000000001',
      'since=9999999999999999',
      'since=0000000000000003',
      'limit=0',
      'limit=501',
      'limit=ten',
    ]) {
      const response = await alice.request('GET', `/api/tasks/changes?${query}`);
      expect(response.status, query).to.equal(400);
      expect(response.headers.get('content-type'), query).to.match(/^application\/problem\+json/);
    }
    const atEnd = await alice.request('GET', '/api/tasks/changes?since=0000000000000002&limit=500');
    expect(atEnd.status).to.equal(200);
    expect(atEnd.body.changes).to.deep.equal([]);
  });

  it('needs a bearer token', async () => {
    const response = await service.request('GET', '/api/tasks/changes');
    expect(response.status).to.equal(401);
  });
}
