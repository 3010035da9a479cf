import { expect } from 'chai';
import { CreateTaskCommand } from '../../../../src/application/commands/create-task.js';
import { DeleteTaskCommand } from '../../../../src/application/commands/delete-task.js';
import { SetTaskCompletionCommand } from '../../../../src/application/commands/set-task-completion.js';
import { TaskStatsQuery } from '../../../../src/application/queries/task-stats.js';
import { InvalidQueryError } from '../../../../src/application/errors.js';
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
    expect(await stats()).to.deep.equal({ total: 0, pending: 0, completed: 0, overdue: 0, due_today: 0 });
  });

  it('follows the user’s tasks as they are created, completed, reopened and deleted', async () => {
    const first = await create();
    const second = await create();
    await create();
    expect(await stats()).to.deep.equal({ total: 3, pending: 3, completed: 0, overdue: 0, due_today: 0 });

    await app.commands.execute(new SetTaskCompletionCommand(ALICE.value, first.id, true));
    await app.commands.execute(new SetTaskCompletionCommand(ALICE.value, second.id, true));
    expect(await stats()).to.deep.equal({ total: 3, pending: 1, completed: 2, overdue: 0, due_today: 0 });

    await app.commands.execute(new SetTaskCompletionCommand(ALICE.value, second.id, false));
    await app.commands.execute(new DeleteTaskCommand(ALICE.value, first.id));
    expect(await stats()).to.deep.equal({ total: 2, pending: 2, completed: 0, overdue: 0, due_today: 0 });
  });

  it('counts only the user’s own tasks', async () => {
    await create(ALICE.value);
    const bobs = await create(BOB.value);
    await app.commands.execute(new SetTaskCompletionCommand(BOB.value, bobs.id, true));

    expect(await stats(ALICE.value)).to.deep.equal({ total: 1, pending: 1, completed: 0, overdue: 0, due_today: 0 });
    expect(await stats(BOB.value)).to.deep.equal({ total: 1, pending: 0, completed: 1, overdue: 0, due_today: 0 });
  });

  describe('overdue and due today', () => {
    const createDue = (dueDate: string | null) => app.commands.execute(new CreateTaskCommand(ALICE.value, 'Task', null, dueDate));

    beforeEach(async () => {
      await createDue('2026-11-24');
      await createDue('2026-11-25');
      await createDue('2026-11-25');
      await createDue('2026-11-26');
      await createDue(null);
      const done = await createDue('2026-11-24');
      await app.commands.execute(new SetTaskCompletionCommand(ALICE.value, done.id, true));
    });
    const dueCounts = async (tz?: string) => {
      const { overdue, due_today } = await app.queries.execute(new TaskStatsQuery(ALICE.value, tz === undefined ? {} : { tz }));
      return { overdue, due_today };
    };

    it('counts pending tasks due before today and due today, today being the date in UTC by default', async () => {
      app.clock.set(new Date('2026-11-25T23:59:59.999Z'));
      expect(await dueCounts()).to.deep.equal({ overdue: 1, due_today: 2 });
      app.clock.set(new Date('2026-11-26T00:00:00.000Z'));
      expect(await dueCounts()).to.deep.equal({ overdue: 3, due_today: 1 });
      expect(await stats()).to.include({ total: 6, pending: 5, completed: 1 });
    });

    it('tells today by the time zone given, on both sides of its midnight', async () => {
      // 10:59:59.999 UTC on the 25th is 23:59:59.999 on the 25th in Auckland; a millisecond later it is the 26th there.
      app.clock.set(new Date('2026-11-25T10:59:59.999Z'));
      expect(await dueCounts('Pacific/Auckland')).to.deep.equal({ overdue: 1, due_today: 2 });
      app.clock.set(new Date('2026-11-25T11:00:00.000Z'));
      expect(await dueCounts('Pacific/Auckland')).to.deep.equal({ overdue: 3, due_today: 1 });
      // 04:59:59.999 UTC on the 26th is still the 25th in New York.
      app.clock.set(new Date('2026-11-26T04:59:59.999Z'));
      expect(await dueCounts('America/New_York')).to.deep.equal({ overdue: 1, due_today: 2 });
      expect(await dueCounts('UTC')).to.deep.equal({ overdue: 3, due_today: 1 });
    });

    it('refuses a time zone it does not know', async () => {
      const error = await expectRejection(app.queries.execute(new TaskStatsQuery(ALICE.value, { tz: 'Atlantis/Capital' })), InvalidQueryError);

      expect(error.message).to.match(/^Invalid tz: /);
    });
  });

  it('refuses an invalid user id', async () => {
    await expectRejection(stats('user\n'), DomainValidationError);
  });
});
