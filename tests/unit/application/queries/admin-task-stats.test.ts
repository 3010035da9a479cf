import { expect } from 'chai';
import { CreateTaskCommand } from '../../../../src/application/commands/create-task.js';
import { DeleteTaskCommand } from '../../../../src/application/commands/delete-task.js';
import { SetTaskCompletionCommand } from '../../../../src/application/commands/set-task-completion.js';
import { UserNotFoundError } from '../../../../src/application/errors.js';
import { AdminTaskStatsQuery } from '../../../../src/application/queries/admin-task-stats.js';
import { DomainValidationError } from '../../../../src/domain/index.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { createInMemoryApplication, type InMemoryApplication } from '../../../support/in-memory-application.js';
import { ALICE, BOB } from '../../../support/task-mother.js';

describe('AdminTaskStatsHandler', () => {
  let app: InMemoryApplication;

  const stats = (userId?: string) => app.queries.execute(new AdminTaskStatsQuery(userId));
  const create = (userId: string) => app.commands.execute(new CreateTaskCommand(userId, 'Task'));

  beforeEach(() => {
    app = createInMemoryApplication();
  });

  it('counts every user’s tasks, ordered by user id, with totals', async () => {
    const done = await create(BOB.value);
    await create(BOB.value);
    await create(ALICE.value);
    await app.commands.execute(new SetTaskCompletionCommand(BOB.value, done.id, true));

    expect(await stats()).to.deep.equal({
      users: [
        { user_id: ALICE.value, total: 1, pending: 1, completed: 0 },
        { user_id: BOB.value, total: 2, pending: 1, completed: 1 },
      ],
      totals: { users: 2, total: 3, pending: 2, completed: 1 },
    });
  });

  it('counts nothing when nobody has tasks', async () => {
    expect(await stats()).to.deep.equal({ users: [], totals: { users: 0, total: 0, pending: 0, completed: 0 } });
  });

  it('counts only the user asked about', async () => {
    await create(ALICE.value);
    await create(BOB.value);

    expect(await stats(ALICE.value)).to.deep.equal({
      users: [{ user_id: ALICE.value, total: 1, pending: 1, completed: 0 }],
      totals: { users: 1, total: 1, pending: 1, completed: 0 },
    });
  });

  it('counts zero for a known user whose tasks are all deleted, and refuses one never seen', async () => {
    const task = await create(ALICE.value);
    await app.commands.execute(new DeleteTaskCommand(ALICE.value, task.id));

    expect((await stats(ALICE.value)).users).to.deep.equal([{ user_id: ALICE.value, total: 0, pending: 0, completed: 0 }]);
    await expectRejection(stats(BOB.value), UserNotFoundError);
  });

  it('refuses an invalid user id', async () => {
    await expectRejection(stats(''), DomainValidationError);
  });
});
