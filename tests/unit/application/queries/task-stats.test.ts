import { expect } from 'chai';
import { CreateTaskCommand } from '../../../../src/application/commands/create-task.js';
import { DeleteTaskCommand } from '../../../../src/application/commands/delete-task.js';
import { SetTaskCompletionCommand } from '../../../../src/application/commands/set-task-completion.js';
import { TaskStatsQuery } from '../../../../src/application/queries/task-stats.js';
import { DomainValidationError } from '../../../../src/domain/index.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { createInMemoryApplication, type InMemoryApplication } from '../../../support/in-memory-application.js';
import { ALICE, BOB } from '../../../support/task-mother.js';

describe('TaskStatsHandler', () => {
  let app: InMemoryApplication;

  const stats = (userId = ALICE.value) => app.queries.execute(new TaskStatsQuery(userId));
  const create = (userId = ALICE.value) => app.commands.execute(new CreateTaskCommand(userId, 'Task'));

  beforeEach(() => {
    app = createInMemoryApplication();
  });

  it('counts nothing for a user without tasks', async () => {
    expect(await stats()).to.deep.equal({ total: 0, pending: 0, completed: 0 });
  });

  it('follows the user’s tasks as they are created, completed, reopened and deleted', async () => {
    const first = await create();
    const second = await create();
    await create();
    expect(await stats()).to.deep.equal({ total: 3, pending: 3, completed: 0 });

    await app.commands.execute(new SetTaskCompletionCommand(ALICE.value, first.id, true));
    await app.commands.execute(new SetTaskCompletionCommand(ALICE.value, second.id, true));
    expect(await stats()).to.deep.equal({ total: 3, pending: 1, completed: 2 });

    await app.commands.execute(new SetTaskCompletionCommand(ALICE.value, second.id, false));
    await app.commands.execute(new DeleteTaskCommand(ALICE.value, first.id));
    expect(await stats()).to.deep.equal({ total: 2, pending: 2, completed: 0 });
  });

  it('counts only the user’s own tasks', async () => {
    await create(ALICE.value);
    const bobs = await create(BOB.value);
    await app.commands.execute(new SetTaskCompletionCommand(BOB.value, bobs.id, true));

    expect(await stats(ALICE.value)).to.deep.equal({ total: 1, pending: 1, completed: 0 });
    expect(await stats(BOB.value)).to.deep.equal({ total: 1, pending: 0, completed: 1 });
  });

  it('refuses an invalid user id', async () => {
    await expectRejection(stats('user\n'), DomainValidationError);
  });
});
