/**
 * Property: whatever mix of creates, updates, completions and deletes several users make over HTTP,
 * replaying each user's change log from the start rebuilds exactly that user's task list.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { byId, replay, taskOperations, type ReplayedChange, type TaskOperation } from '../support/change-replay.js';
import { TestService, useTestService, type UserClient } from '../support/test-service.js';

const USERS = 3;

describe('HTTP: replaying the change log rebuilds the task list', () => {
  const service = useTestService();

  async function apply(client: UserClient, live: string[], operation: TaskOperation): Promise<void> {
    if (operation.kind === 'create') {
      const response = await client.request('POST', '/api/tasks', { body: { title: operation.title, description: operation.description } });
      if (response.status === 201) live.push(response.body.id);
      else expect(response.status).to.equal(422);
      return;
    }
    if (operation.kind === 'rename-label' || operation.kind === 'delete-label') {
      const path = `/api/labels/${encodeURIComponent(operation.name)}`;
      const response =
        operation.kind === 'rename-label' ? await client.request('PATCH', path, { body: { name: operation.to } }) : await client.request('DELETE', path);
      expect(response.status, `${operation.kind} → ${response.text}`).to.be.oneOf([200, 204, 404]);
      return;
    }
    // Aim at one of the user's tasks, or — with none left — at an id that is nobody's.
    const id = live.length > 0 ? live[operation.pick % live.length]! : '01935f0e-7b7c-7cc2-9f1e-2a0c8f4f8f11';
    let response;
    if (operation.kind === 'update') {
      const { kind: _kind, user: _user, pick: _pick, ...body } = operation;
      response = await client.request('PATCH', `/api/tasks/${id}`, { body });
    } else if (operation.kind === 'complete') {
      const body = operation.completed === 'toggle' ? undefined : { completed: operation.completed };
      response = await client.request('PATCH', `/api/tasks/${id}/complete`, body ? { body } : {});
    } else {
      response = await client.request('DELETE', `/api/tasks/${id}`);
      if (response.status === 204) live.splice(live.indexOf(id), 1);
    }
    expect(response.status, `${operation.kind} → ${response.text}`).to.be.oneOf([200, 204, 404, 422]);
  }

  async function changeLog(client: UserClient): Promise<ReplayedChange[]> {
    const changes: ReplayedChange[] = [];
    let since: string | null = null;
    for (;;) {
      const page: any = await client.request('GET', `/api/tasks/changes?limit=7${since ? `&since=${since}` : ''}`);
      expect(page.status).to.equal(200);
      changes.push(...page.body.changes);
      since = page.body.next_cursor;
      if (!page.body.has_more) return changes;
    }
  }

  it('for random sequences of changes by several users', async () => {
    await fc.assert(
      fc.asyncProperty(taskOperations(USERS, 24), async (operations) => {
        const clients = await Promise.all(Array.from({ length: USERS }, () => service.as(TestService.newUserId('replayer'))));
        const live: string[][] = clients.map(() => []);
        for (const operation of operations) await apply(clients[operation.user]!, live[operation.user]!, operation);

        for (const client of clients) {
          const changes = await changeLog(client);
          const ids = changes.map((change) => change.id);
          expect(ids, 'ids strictly increase').to.deep.equal([...new Set(ids)].sort());
          expect(changes.every((change) => !change.task || (change.task as any).user_id === client.userId)).to.equal(true);

          const listed = await client.request('GET', '/api/tasks?limit=500');
          expect(byId(replay(changes).values())).to.deep.equal(byId(listed.body.items));
        }
      }),
      { numRuns: 5 },
    );
  });
});
