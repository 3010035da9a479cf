/**
 * Property: whatever mix of creates, updates, completions and deletes of tasks, and of changes to lists, several
 * users make, replaying each user's change log from the start rebuilds exactly that user's tasks — each in its
 * list — and lists.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import pg from 'pg';
import { DomainValidationError, InboxNotDeletableError, ListNameTakenError } from '../../src/domain/index.js';
import { LIST_COLUMNS } from '../../src/infrastructure/persistence/postgres/write-path/postgres-task-list-repository.js';
import { byId, pickById, rebuild, syncOperations, type ListOperation, type ReplayedChange, type SyncOperation } from '../support/change-replay.js';
import { ServiceLists } from '../support/service-lists.js';
import { testDatabaseUrl } from '../support/test-database.js';
import { TestService, useTestService, type UserClient } from '../support/test-service.js';

const USERS = 3;

describe('HTTP: replaying the change log rebuilds the tasks and the lists', () => {
  const service = useTestService();
  let sql: pg.Client;

  before(async () => {
    sql = new pg.Client({ connectionString: await testDatabaseUrl() });
    await sql.connect();
  });
  after(async () => {
    await sql.end();
  });

  /** The user's lists as stored, in their wire shape. */
  async function listsOf(client: UserClient): Promise<{ id: string; is_inbox: boolean }[]> {
    const { rows } = await sql.query(`select ${LIST_COLUMNS} from task_lists where user_id = $1`, [client.userId]);
    return rows.map(({ user_id: _owner, ...list }) => list);
  }

  /** A change to the user's lists, through the service's own list repository, and moves through the API. */
  async function applyToLists(client: UserClient, live: string[], operation: ListOperation): Promise<void> {
    const lists = new ServiceLists(service);
    const list = pickById(await listsOf(client), operation.kind === 'move-to-list' ? operation.list : 'pick' in operation ? operation.pick : 0);
    try {
      if (operation.kind === 'create-list') await lists.create(client.userId, operation.name);
      else if (operation.kind === 'rename-list' && list) await lists.rename(client.userId, list.id, operation.name);
      else if (operation.kind === 'move-to-list' && list && live.length > 0) {
        const id = live[operation.pick % live.length]!;
        const response = await client.request('PATCH', `/api/tasks/${id}`, { body: { list_id: list.id } });
        expect(response.status, `move → ${response.text}`).to.be.oneOf([200, 404]);
      } else if (operation.kind === 'delete-list' && list) {
        // A list goes with its tasks; the inbox is refused before any of them goes.
        if (!list.is_inbox) {
          const { body } = await client.request('GET', '/api/tasks?limit=500');
          for (const task of body.items.filter((item: any) => item.list_id === list.id && item.parent_id === null)) {
            expect((await client.request('DELETE', `/api/tasks/${task.id}`)).status).to.equal(204);
          }
        }
        await lists.remove(client.userId, list.id);
      }
    } catch (error) {
      if (!(error instanceof DomainValidationError || error instanceof ListNameTakenError || error instanceof InboxNotDeletableError)) throw error;
    }
  }

  async function apply(client: UserClient, live: string[], operation: SyncOperation): Promise<void> {
    if (operation.kind === 'create-list' || operation.kind === 'rename-list' || operation.kind === 'move-to-list' || operation.kind === 'delete-list') {
      return applyToLists(client, live, operation);
    }
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
      fc.asyncProperty(syncOperations(USERS, 24), async (operations) => {
        const clients = await Promise.all(Array.from({ length: USERS }, () => service.as(TestService.newUserId('replayer'))));
        const live: string[][] = clients.map(() => []);
        for (const operation of operations) await apply(clients[operation.user]!, live[operation.user]!, operation);

        for (const client of clients) {
          const changes = await changeLog(client);
          const ids = changes.map((change) => change.id);
          expect(ids, 'ids strictly increase').to.deep.equal([...new Set(ids)].sort());
          expect(changes.every((change) => !change.task || (change.task as any).user_id === client.userId)).to.equal(true);

          const listed = await client.request('GET', '/api/tasks?limit=500');
          const held = rebuild(changes);
          expect(byId(held.tasks.values())).to.deep.equal(byId(listed.body.items));
          expect(byId(held.lists.values())).to.deep.equal(byId(await listsOf(client)));
        }
      }),
      { numRuns: 5 },
    );
  });
});
