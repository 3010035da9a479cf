/**
 * Property, through the buses on in-memory adapters: replaying each user's change log from the start
 * rebuilds exactly that user's tasks — each in its list — and lists, whatever mix of changes came before.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { DeleteLabelCommand, RenameLabelCommand } from '../../../../src/application/commands/change-label.js';
import { CreateTaskCommand } from '../../../../src/application/commands/create-task.js';
import { DeleteTaskCommand } from '../../../../src/application/commands/delete-task.js';
import { SetTaskCompletionCommand } from '../../../../src/application/commands/set-task-completion.js';
import { UpdateTaskCommand } from '../../../../src/application/commands/update-task.js';
import { ListTaskChangesQuery, type TaskChangePage } from '../../../../src/application/queries/list-task-changes.js';
import { ListTasksQuery } from '../../../../src/application/queries/list-tasks.js';
import { DomainValidationError, LabelNotFoundError, TaskNotFoundError } from '../../../../src/domain/index.js';
import { toListView } from '../../../../src/application/list-view.js';
import { byId, rebuild, syncOperations, type SyncOperation } from '../../../support/change-replay.js';
import { createInMemoryApplication, type InMemoryApplication } from '../../../support/in-memory-application.js';
import { applyListOperation } from '../../../support/in-memory-list-operations.js';

const USERS = ['ann', 'ben', 'cat'];

async function apply(app: InMemoryApplication, live: string[], operation: SyncOperation): Promise<void> {
  const user = USERS[operation.user]!;
  const id = live.length > 0 ? live[('pick' in operation ? operation.pick : 0) % live.length]! : 'not-a-task';
  app.clock.advance(1000);
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

describe('replaying the change log (in memory)', () => {
  it('rebuilds each user’s tasks and lists for random sequences of changes', async () => {
    await fc.assert(
      fc.asyncProperty(syncOperations(USERS.length, 40), async (operations) => {
        const app = createInMemoryApplication();
        const live: string[][] = USERS.map(() => []);
        for (const operation of operations) await apply(app, live[operation.user]!, operation);

        for (const user of USERS) {
          const changes = [];
          let page: TaskChangePage | null = null;
          do {
            page = await app.queries.execute(new ListTaskChangesQuery(user, { limit: 5, ...(page ? { since: page.next_cursor } : {}) }));
            changes.push(...page.changes);
          } while (page.has_more);
          const listed = await app.queries.execute(new ListTasksQuery(user, { limit: 500 }));
          const held = rebuild(changes);
          expect(byId(held.tasks.values())).to.deep.equal(byId(listed.items));
          expect(byId(held.lists.values())).to.deep.equal(byId(app.store.listsOf(user).map(toListView)));
        }
      }),
      { numRuns: 50 },
    );
  });
});
