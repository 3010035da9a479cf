/**
 * Changes to a user's lists on the in-memory application, for the change-log property tests: through the list
 * repository (the list commands are not what these tests are about) and the task commands, as a client would
 * make them. Refused changes (a taken or blank name, the inbox's deletion) change nothing, as over HTTP.
 */
import { DeleteTaskCommand } from '../../src/application/commands/delete-task.js';
import { UpdateTaskCommand } from '../../src/application/commands/update-task.js';
import { DomainValidationError, InboxNotDeletableError, ListId, ListNameTakenError, UserId } from '../../src/domain/index.js';
import { pickById, type ListOperation } from './change-replay.js';
import { ListWrites } from './contracts/persistence-fixture.js';
import type { InMemoryApplication } from './in-memory-application.js';

export async function applyListOperation(app: InMemoryApplication, user: string, operation: ListOperation): Promise<void> {
  const owner = UserId.from(user);
  const writes = new ListWrites({ lists: app.lists, unitOfWork: app.unitOfWork });
  const list = pickById(app.store.listsOf(user), operation.kind === 'move-to-list' ? operation.list : 'pick' in operation ? operation.pick : 0);
  try {
    switch (operation.kind) {
      case 'create-list':
        await writes.create(owner, app.clock.now(), operation.name);
        return;
      case 'rename-list':
        if (list) await writes.rename(owner, ListId.from(list.id), operation.name, app.clock.now());
        return;
      case 'move-to-list': {
        const task = pickById(app.store.tasksOf(user), operation.pick);
        if (task && list) await app.commands.execute(new UpdateTaskCommand(user, task.id, { list_id: list.id }));
        return;
      }
      case 'delete-list':
        if (!list) return;
        // A list goes with its tasks; the inbox is refused before any of them goes.
        if (!list.isInbox) {
          const tasks = app.store.tasksOf(user).filter((task) => task.listId === list.id && task.parentId === null);
          for (const task of tasks) await app.commands.execute(new DeleteTaskCommand(user, task.id));
        }
        await writes.remove(owner, ListId.from(list.id), app.clock.now());
        return;
    }
  } catch (error) {
    if (!(error instanceof DomainValidationError || error instanceof ListNameTakenError || error instanceof InboxNotDeletableError)) throw error;
  }
}
