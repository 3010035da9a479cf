import { expect } from 'chai';
import { CreateTaskCommand } from '../../../../src/application/commands/create-task.js';
import { DeleteTaskCommand } from '../../../../src/application/commands/delete-task.js';
import { ImportTasksCommand } from '../../../../src/application/commands/import-tasks.js';
import { UserNotFoundError } from '../../../../src/application/errors.js';
import { ExportTasksQuery } from '../../../../src/application/queries/export-tasks.js';
import { GetTaskQuery } from '../../../../src/application/queries/get-task.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { createInMemoryApplication, type InMemoryApplication } from '../../../support/in-memory-application.js';
import { ALICE, BOB } from '../../../support/task-mother.js';

describe('ExportTasksHandler', () => {
  let app: InMemoryApplication;

  const exportOf = (userId: string) => app.queries.execute(new ExportTasksQuery(userId));

  beforeEach(() => {
    app = createInMemoryApplication({ now: new Date('2026-11-25T10:00:00.000Z') });
  });

  it('answers all of the user’s tasks, oldest first, in their wire shape, stamped with the time', async () => {
    const first = await app.commands.execute(new CreateTaskCommand(ALICE.value, 'First'));
    app.clock.advance(1000);
    const second = await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Second', 'details'));
    await app.commands.execute(new CreateTaskCommand(BOB.value, 'Bob’s'));
    app.clock.advance(1000);

    expect(await exportOf(ALICE.value)).to.deep.equal({
      user_id: ALICE.value,
      exported_at: '2026-11-25T10:00:02.000Z',
      tasks: [
        await app.queries.execute(new GetTaskQuery(ALICE.value, first.id)),
        await app.queries.execute(new GetTaskQuery(ALICE.value, second.id)),
      ],
    });
  });

  it('is what an import takes back', async () => {
    await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Round trip', 'kept'));
    const exported = await exportOf(ALICE.value);

    await app.commands.execute(new ImportTasksCommand(BOB.value, exported.tasks));

    // Each owner's tasks are in their own inbox.
    expect((await exportOf(BOB.value)).tasks.map(({ id: _id, user_id: _user, list_id: _list, ...task }) => task)).to.deep.equal(
      exported.tasks.map(({ id: _id, user_id: _user, list_id: _list, ...task }) => task),
    );
  });

  it('answers an empty list for a user whose tasks are all deleted', async () => {
    const task = await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Gone'));
    await app.commands.execute(new DeleteTaskCommand(ALICE.value, task.id));

    expect((await exportOf(ALICE.value)).tasks).to.deep.equal([]);
  });

  it('refuses a user it holds nothing about', async () => {
    await expectRejection(exportOf(ALICE.value), UserNotFoundError);
  });
});
