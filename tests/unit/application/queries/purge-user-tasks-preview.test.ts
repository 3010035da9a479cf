import { expect } from 'chai';
import { CreateTaskCommand } from '../../../../src/application/commands/create-task.js';
import { UserNotFoundError } from '../../../../src/application/errors.js';
import { PurgeUserTasksPreviewQuery } from '../../../../src/application/queries/purge-user-tasks-preview.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { createInMemoryApplication, type InMemoryApplication } from '../../../support/in-memory-application.js';
import { ALICE, BOB } from '../../../support/task-mother.js';

describe('PurgeUserTasksPreviewHandler', () => {
  let app: InMemoryApplication;

  beforeEach(() => {
    app = createInMemoryApplication();
  });

  it('counts what a purge would erase, and erases nothing', async () => {
    const task = await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Task'));
    await app.commands.execute(new CreateTaskCommand(BOB.value, 'Task'));
    const before = app.store.events();

    expect(await app.queries.execute(new PurgeUserTasksPreviewQuery(ALICE.value))).to.deep.equal({ user_id: ALICE.value, tasks: 1, lists: 1, events: 2 });

    expect(app.store.events()).to.deep.equal(before);
    expect(app.store.task(task.id)).to.not.equal(undefined);
  });

  it('refuses a user it holds nothing about, as the purge itself would', async () => {
    await expectRejection(app.queries.execute(new PurgeUserTasksPreviewQuery(ALICE.value)), UserNotFoundError);
  });
});
