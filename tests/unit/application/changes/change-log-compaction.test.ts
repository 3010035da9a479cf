/**
 * Compacting change logs, through the application on in-memory adapters: old changes go, the log read from
 * the start still rebuilds every user's tasks, and a cursor is either refused (410) or still exact.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { TaskChangeCursor } from '../../../../src/application/changes/task-change.js';
import { DeleteLabelCommand, RenameLabelCommand } from '../../../../src/application/commands/change-label.js';
import { CreateTaskCommand } from '../../../../src/application/commands/create-task.js';
import { DeleteTaskCommand } from '../../../../src/application/commands/delete-task.js';
import { SetTaskCompletionCommand } from '../../../../src/application/commands/set-task-completion.js';
import { UpdateTaskCommand } from '../../../../src/application/commands/update-task.js';
import { ChangeLogExpiredError } from '../../../../src/application/errors.js';
import { ListTaskChangesQuery, type TaskChangePage } from '../../../../src/application/queries/list-task-changes.js';
import { ListTasksQuery } from '../../../../src/application/queries/list-tasks.js';
import type { Change } from '../../../../src/application/changes/task-change.js';
import { DomainValidationError, LabelNotFoundError, TaskNotFoundError } from '../../../../src/domain/index.js';
import { toListView } from '../../../../src/application/list-view.js';
import { byId, rebuild, syncOperations, type SyncOperation } from '../../../support/change-replay.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { createInMemoryApplication, type InMemoryApplication } from '../../../support/in-memory-application.js';
import { applyListOperation } from '../../../support/in-memory-list-operations.js';

const DAY = 24 * 60 * 60 * 1000;
const USERS = ['ann', 'ben'];

async function apply(app: InMemoryApplication, live: string[], operation: SyncOperation): Promise<void> {
  const user = USERS[operation.user]!;
  const id = live.length > 0 ? live[('pick' in operation ? operation.pick : 0) % live.length]! : 'not-a-task';
  try {
    switch (operation.kind) {
      case 'create-list':
      case 'rename-list':
      case 'move-to-list':
      case 'delete-list':
        await applyListOperation(app, user, operation);
        return;
      case 'create':
        live.push((await app.commands.execute(new CreateTaskCommand(user, operation.title, operation.description))).id);
        return;
      case 'update': {
        const { kind: _kind, user: _user, pick: _pick, ...changes } = operation;
        await app.commands.execute(new UpdateTaskCommand(user, id, changes));
        return;
      }
      case 'complete':
        await app.commands.execute(new SetTaskCompletionCommand(user, id, operation.completed));
        return;
      case 'delete':
        await app.commands.execute(new DeleteTaskCommand(user, id));
        live.splice(live.indexOf(id), 1);
        return;
      case 'rename-label':
        await app.commands.execute(new RenameLabelCommand(user, operation.name, operation.to));
        return;
      case 'delete-label':
        await app.commands.execute(new DeleteLabelCommand(user, operation.name));
        return;
    }
  } catch (error) {
    if (!(error instanceof DomainValidationError || error instanceof TaskNotFoundError || error instanceof LabelNotFoundError)) throw error;
  }
}

/** A client's sync from `since`: every page until `has_more` is false. */
async function changesSince(app: InMemoryApplication, user: string, since?: string): Promise<Change[]> {
  const changes: Change[] = [];
  let page: TaskChangePage | null = null;
  do {
    const cursor: string | undefined = page ? page.next_cursor : since;
    page = await app.queries.execute(new ListTaskChangesQuery(user, { limit: 4, ...(cursor === undefined ? {} : { since: cursor }) }));
    changes.push(...page.changes);
  } while (page.has_more);
  return changes;
}

const tasksOf = async (app: InMemoryApplication, user: string) => (await app.queries.execute(new ListTasksQuery(user, { limit: 500 }))).items;

describe('ChangeLogCompaction (in memory)', () => {
  it('keeps every cursor either exact or refused, and the log from the start rebuilding the tasks and lists', async () => {
    await fc.assert(
      fc.asyncProperty(syncOperations(USERS.length, 40), fc.integer({ min: 1, max: 5 }), async (operations, changesPerStep) => {
        const app = createInMemoryApplication();
        const live: string[][] = USERS.map(() => []);
        // Two days between changes: the first part of each log is older than the retention period.
        for (const operation of operations) {
          app.clock.advance(2 * DAY);
          await apply(app, live[operation.user]!, operation);
        }
        const before = new Map<string, Change[]>();
        for (const user of USERS) before.set(user, await changesSince(app, user));

        await app.compaction.run({ retentionDays: 30, changesPerStep });

        for (const user of USERS) {
          const tasks = byId(await tasksOf(app, user));
          const lists = byId(app.store.listsOf(user).map(toListView));
          const rebuilt = rebuild(await changesSince(app, user));
          expect(byId(rebuilt.tasks.values()), 'from the start').to.deep.equal(tasks);
          expect(byId(rebuilt.lists.values()), 'lists from the start').to.deep.equal(lists);
          const log = before.get(user)!;
          const { compactedThrough } = app.store.positionOf(user);
          for (let seen = 0; seen <= log.length; seen++) {
            const cursor = seen === 0 ? TaskChangeCursor.START : log[seen - 1]!.id;
            const seq = TaskChangeCursor.decode(cursor);
            if (seq > 0 && seq <= compactedThrough) {
              await expectRejection(changesSince(app, user, cursor), ChangeLogExpiredError);
              continue;
            }
            // What a client that synced up to `cursor` holds, brought up to date with what the log says now.
            const held = rebuild(await changesSince(app, user, cursor), rebuild(log.slice(0, seen)));
            expect(byId(held.tasks.values()), `from ${cursor}`).to.deep.equal(tasks);
            expect(byId(held.lists.values()), `lists from ${cursor}`).to.deep.equal(lists);
          }
        }
        const again = await app.compaction.run({ retentionDays: 30, changesPerStep });
        expect(again).to.include({ users: 0, removed: 0, carried: 0 });
      }),
      { numRuns: 60 },
    );
  });

  it('removes old changes, carrying each kept task’s and list’s latest one to the end with a new id', async () => {
    const app = createInMemoryApplication();
    const milk = await app.commands.execute(new CreateTaskCommand('ann', 'Buy milk'));
    const bread = await app.commands.execute(new CreateTaskCommand('ann', 'Buy bread'));
    await app.commands.execute(new SetTaskCompletionCommand('ann', milk.id, true));
    await app.commands.execute(new DeleteTaskCommand('ann', bread.id));
    const old = await changesSince(app, 'ann');
    app.clock.advance(40 * DAY);
    const recent = await app.commands.execute(new CreateTaskCommand('ann', 'Buy eggs'));

    const report = await app.compaction.run({ retentionDays: 30 });

    expect(report).to.deep.equal({ before: new Date(app.clock.now().getTime() - 30 * DAY).toISOString(), users: 1, removed: 3, carried: 2, busy: 0 });
    const now = await changesSince(app, 'ann');
    const inbox = old[0]!.list_id;
    expect(now.map((change) => [change.id, change.type, change.task_id ?? change.list_id])).to.deep.equal([
      [TaskChangeCursor.encode(6), 'task.created', recent.id],
      [TaskChangeCursor.encode(7), 'list.created', inbox],
      [TaskChangeCursor.encode(8), 'task.completed', milk.id],
    ]);
    // The carried changes are the old ones as they were: same list or task, same time.
    expect({ ...now[1], id: old[0]!.id }).to.deep.equal(old[0]);
    expect({ ...now[2], id: old[3]!.id }).to.deep.equal(old[3]);
    expect(app.store.positionOf('ann')).to.deep.equal({ lastSeq: 8, erasedThrough: 0, compactedThrough: 5 });
    await expectRejection(changesSince(app, 'ann', old[4]!.id), ChangeLogExpiredError);
    expect((await changesSince(app, 'ann', TaskChangeCursor.encode(6))).map((change) => change.id)).to.deep.equal([
      TaskChangeCursor.encode(7),
      TaskChangeCursor.encode(8),
    ]);
  });

  it('leaves a log alone whose changes all still matter, however old', async () => {
    const app = createInMemoryApplication();
    for (const title of ['One', 'Two', 'Three']) await app.commands.execute(new CreateTaskCommand('ben', title));
    const log = await changesSince(app, 'ben');
    app.clock.advance(100 * DAY);

    expect(await app.compaction.run({ retentionDays: 30 })).to.include({ users: 0, removed: 0, carried: 0 });
    expect(await changesSince(app, 'ben')).to.deep.equal(log);
    expect(await changesSince(app, 'ben', log[0]!.id)).to.deep.equal(log.slice(1));
  });

  it('keeps changes younger than the retention period, and everything after the first of them', async () => {
    const app = createInMemoryApplication();
    const task = await app.commands.execute(new CreateTaskCommand('ann', 'Old'));
    await app.commands.execute(new DeleteTaskCommand('ann', task.id));
    app.clock.advance(20 * DAY);
    const young = await app.commands.execute(new CreateTaskCommand('ann', 'Young'));
    await app.commands.execute(new UpdateTaskCommand('ann', young.id, { title: 'Younger' }));
    app.clock.advance(15 * DAY);

    // The inbox, made with the old task, is carried.
    expect(await app.compaction.run({ retentionDays: 30 })).to.include({ users: 1, removed: 2, carried: 1 });
    expect((await changesSince(app, 'ann')).map((change) => change.type)).to.deep.equal(['task.created', 'task.updated', 'list.created']);
  });

  it('reports in a dry run what a run would do, and changes nothing', async () => {
    const app = createInMemoryApplication();
    const task = await app.commands.execute(new CreateTaskCommand('ann', 'Toggled'));
    for (let index = 0; index < 5; index++) await app.commands.execute(new SetTaskCompletionCommand('ann', task.id, 'toggle'));
    const log = await changesSince(app, 'ann');
    app.clock.advance(31 * DAY);

    const preview = await app.compaction.run({ retentionDays: 30, dryRun: true });
    expect(await changesSince(app, 'ann')).to.deep.equal(log);
    expect(await app.compaction.run({ retentionDays: 30, changesPerStep: 2 })).to.deep.equal(preview);
    expect(preview).to.include({ users: 1, removed: 5, carried: 2 });
  });
});
