import { expect } from 'chai';
import { CreateTaskCommand } from '../../../../src/application/commands/create-task.js';
import { SetTaskCompletionCommand } from '../../../../src/application/commands/set-task-completion.js';
import { InvalidQueryError } from '../../../../src/application/errors.js';
import { OVERVIEW_LIST_LIMIT, TaskOverviewQuery } from '../../../../src/application/queries/task-overview.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { createInMemoryApplication, type InMemoryApplication } from '../../../support/in-memory-application.js';
import { ALICE, BOB } from '../../../support/task-mother.js';

describe('TaskOverviewHandler', () => {
  let app: InMemoryApplication;

  const overview = (tz?: string, userId = ALICE.value) =>
    app.queries.execute(new TaskOverviewQuery(userId, tz === undefined ? {} : { tz }));
  const create = (title: string, dueDate: string | null = null, priority?: string, userId = ALICE.value) =>
    app.commands.execute(new CreateTaskCommand(userId, title, null, dueDate, priority));

  beforeEach(() => {
    app = createInMemoryApplication({ now: new Date('2026-11-25T12:00:00.000Z') });
  });

  it('is all zeros and empty lists for a user without tasks, with the day it measured against', async () => {
    expect(await overview()).to.deep.equal({
      today: '2026-11-25',
      time_zone: 'UTC',
      counts: { total: 0, pending: 0, completed: 0, overdue: 0, due_today: 0 },
      overdue_tasks: [],
      due_today_tasks: [],
    });
  });

  it('lists the pending overdue tasks longest overdue first, and today’s most urgent first', async () => {
    const lateLow = await create('Late, long ago', '2026-11-01');
    const late = await create('Late, yesterday', '2026-11-24', 'high');
    const doneLate = await create('Late but done', '2026-11-20');
    await app.commands.execute(new SetTaskCompletionCommand(ALICE.value, doneLate.id, true));
    const todayLow = await create('Today, low', '2026-11-25', 'low');
    const todayHigh = await create('Today, high', '2026-11-25', 'high');
    await create('Tomorrow', '2026-11-26');
    await create('Whenever');
    await create('Someone else’s', '2026-11-24', undefined, BOB.value);

    const result = await overview();

    expect(result.counts).to.deep.equal({ total: 7, pending: 6, completed: 1, overdue: 2, due_today: 2 });
    expect(result.overdue_tasks.map((task) => task.id)).to.deep.equal([lateLow.id, late.id]);
    expect(result.due_today_tasks.map((task) => task.id)).to.deep.equal([todayHigh.id, todayLow.id]);
    expect(result.overdue_tasks[1]).to.deep.equal(late);
  });

  it('measures "today" in the time zone given', async () => {
    const dueOn25th = await create('Due on the 25th', '2026-11-25');
    // 12:00 UTC on the 25th is already 01:00 on the 26th in Auckland, and still 07:00 on the 25th in New York.
    const auckland = await overview('Pacific/Auckland');
    expect(auckland).to.include({ today: '2026-11-26', time_zone: 'Pacific/Auckland' });
    expect(auckland.overdue_tasks.map((task) => task.id)).to.deep.equal([dueOn25th.id]);
    expect(auckland.due_today_tasks).to.deep.equal([]);

    const newYork = await overview('America/New_York');
    expect(newYork.today).to.equal('2026-11-25');
    expect(newYork.due_today_tasks.map((task) => task.id)).to.deep.equal([dueOn25th.id]);
  });

  it(`keeps each list to ${OVERVIEW_LIST_LIMIT} tasks while the counts say how many there are`, async () => {
    for (let index = 0; index < OVERVIEW_LIST_LIMIT + 2; index++) await create(`Late ${index}`, '2026-11-01');

    const result = await overview();

    expect(result.counts.overdue).to.equal(OVERVIEW_LIST_LIMIT + 2);
    expect(result.overdue_tasks).to.have.length(OVERVIEW_LIST_LIMIT);
  });

  it('refuses a time zone it does not know', async () => {
    const error = await expectRejection(overview('Atlantis/Capital'), InvalidQueryError);
    expect(error.message).to.match(/^Invalid tz: /);
  });
});
