/**
 * Repeating tasks in the Next.js example, in a real Chromium on the real service and PostgreSQL: the repeat picker's
 * choices, named on the due date; completing a repeating task keeps it pending and shows its next due date, here and
 * in another tab; counting from completion; a rule set elsewhere kept as it is; the "Repeating" filter. Run by
 * `npm run test:e2e`.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { eventually, TaskBoard } from './task-board.js';
import { useTasksAppStack, waitUntilLive } from './tasks-app-stack.js';

const LIVE_WITHIN_MS = 2_000;

/** The browser's today plus `days`, `YYYY-MM-DD` in its own time zone: what the app sends as `tz` decides "today". */
function browserDay(page: Page, days: number): Promise<string> {
  return page.evaluate((offset) => {
    const at = new Date();
    at.setDate(at.getDate() + offset);
    return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
  }, days);
}

describe('browser: repeating tasks in the Next.js example', function () {
  const suite = useTasksAppStack();
  const { signUp } = suite;

  it('offers the common repeats, named on the due date, and only with a due date', async function () {
    this.timeout(60_000);
    const board = new TaskBoard((await signUp('Olga')).page);
    const undated = await board.newTaskRepeatPicker('');
    expect(undated).to.include({ chosen: 'none', enabled: false, fromCompletion: null });

    const picker = await board.newTaskRepeatPicker('2099-01-31'); // a Saturday
    expect(picker.options).to.deep.equal([
      'Does not repeat',
      'Every day',
      'Every weekday (Monday to Friday)',
      'Every week on Saturday',
      'Every 2 weeks on Saturday',
      'Every month on the 31st',
      'Every year on January 31st',
    ]);
    expect(picker).to.include({ chosen: 'none', enabled: true, fromCompletion: null });
  });

  it('moves a repeating task to its next due date when it is completed, and shows it, here and in another tab', async function () {
    this.timeout(120_000);
    const rita = await signUp('Rita');
    const board = new TaskBoard(rita.page);
    const other = new TaskBoard(await suite.stack.openTab(rita));

    await board.add('Water the plants', '', { due_date: '2099-03-02', repeat: 'weekly' }); // a Monday
    await board.expectTitles(['Water the plants']);
    expect(await board.repeat('Water the plants')).to.equal('↻ every week on Monday');
    expect(await board.nextDue('Water the plants')).to.equal(null);

    await board.toggle('Water the plants');
    await eventually(() => board.schedule('Water the plants'), (now) => now.due === 'due 2099-03-09', 5_000, 'the next Monday');
    expect(await board.isCompleted('Water the plants')).to.equal(false);
    expect(await board.nextDue('Water the plants')).to.equal('done · next due 2099-03-09');
    expect(await board.count('Completed')).to.equal(0);
    // The other tab learns it from the stream (task.repeated), and says so too.
    await eventually(() => other.nextDue('Water the plants'), (shown) => shown === 'done · next due 2099-03-09', LIVE_WITHIN_MS, 'the other tab');

    // Completed from the other tab: a week further, and this tab follows.
    await other.toggle('Water the plants');
    await eventually(() => board.nextDue('Water the plants'), (shown) => shown === 'done · next due 2099-03-16', LIVE_WITHIN_MS, 'this tab');

    // An overdue daily task lands on tomorrow, not on the day after its old due date.
    await board.add('Take the vitamins', '', { due_date: '2020-01-06', repeat: 'daily' });
    await board.expectTitles(['Water the plants', 'Take the vitamins']);
    expect(await board.schedule('Take the vitamins')).to.deep.equal({ due: 'overdue 2020-01-06', priority: null });
    await board.toggle('Take the vitamins');
    const tomorrow = await browserDay(rita.page, 1);
    await eventually(() => board.schedule('Take the vitamins'), (now) => now.due === `due ${tomorrow}`, 5_000, 'tomorrow');
    expect(await board.repeat('Take the vitamins')).to.equal('↻ every day');

    // After a reload, from the API alone; the note on the completion is this page's, and goes with it.
    await rita.page.reload();
    await waitUntilLive(rita.page);
    // The stream can be live before the first page of tasks is shown: wait for the rows, as every other reload does.
    await board.expectTitles(['Water the plants', 'Take the vitamins']);
    expect(await board.schedule('Water the plants')).to.deep.equal({ due: 'due 2099-03-16', priority: null });
    expect(await board.repeat('Water the plants')).to.equal('↻ every week on Monday');
    expect(await board.nextDue('Water the plants')).to.equal(null);
  });

  it('counts from completion, edits the repeat, keeps a rule set elsewhere, and filters the repeating tasks', async function () {
    this.timeout(120_000);
    const sam = await signUp('Sam');
    const board = new TaskBoard(sam.page);

    await board.add('Clean the fridge', '', { due_date: '2099-06-15', repeat: 'weekly', from_completion: true });
    await board.expectTitles(['Clean the fridge']);
    // Counted from the day it is done, no weekday is fixed.
    expect(await board.repeat('Clean the fridge')).to.equal('↻ every week, from completion');
    await board.toggle('Clean the fridge');
    const inAWeek = await browserDay(sam.page, 7);
    await eventually(() => board.nextDue('Clean the fridge'), (shown) => shown === `done · next due ${inAWeek}`, 5_000, 'a week from today');

    // The edit form shows the repeat it has; weekdays count from the due date only.
    const picker = await board.repeatPicker('Clean the fridge');
    expect(picker).to.include({ chosen: 'weekly', enabled: true, fromCompletion: true });
    await sam.page.getByRole('form', { name: 'Edit Clean the fridge' }).getByRole('button', { name: 'Cancel' }).click();
    await board.edit('Clean the fridge', { repeat: 'weekdays' });
    await eventually(() => board.repeat('Clean the fridge'), (shown) => shown === '↻ every weekday (Monday to Friday)', 5_000, 'weekdays');

    // A rule the picker does not offer, set through the API, is shown as written and kept by an edit.
    const token = await suite.stack.apiTokenFor(sam);
    const created = await fetch(`${suite.stack.service.url}/api/tasks`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'Pay the rent', due_date: '2099-01-30', repeat: 'rrule:freq=monthly;byday=-1fr' }),
    });
    expect(created.status).to.equal(201);
    await created.body?.cancel();
    await board.expectTitles(['Clean the fridge', 'Pay the rent'], LIVE_WITHIN_MS);
    expect(await board.repeat('Pay the rent')).to.equal('↻ FREQ=MONTHLY;BYDAY=-1FR');
    const custom = await board.repeatPicker('Pay the rent');
    expect(custom).to.include({ chosen: 'custom', enabled: true, fromCompletion: null });
    expect(custom.options.at(-1)).to.equal('Custom: FREQ=MONTHLY;BYDAY=-1FR');
    const form = sam.page.getByRole('form', { name: 'Edit Pay the rent' });
    await form.getByLabel('Priority').selectOption('high');
    await form.getByRole('button', { name: 'Save' }).click();
    await eventually(() => board.schedule('Pay the rent'), (now) => now.priority === 'high', 5_000, 'the edit');
    expect(await board.repeat('Pay the rent')).to.equal('↻ FREQ=MONTHLY;BYDAY=-1FR');

    // Only the repeating tasks, with the filter on.
    await board.add('Buy a lamp', '', { due_date: '2099-02-01' });
    await board.expectTitles(['Clean the fridge', 'Pay the rent', 'Buy a lamp']);
    await board.filterRepeating();
    await board.expectTitles(['Clean the fridge', 'Pay the rent']);
    // Taking the due date away takes the repeat with it: the picker goes off, and the task leaves the filtered list.
    await board.edit('Pay the rent', { due_date: '' });
    await board.expectTitles(['Clean the fridge']);
    await board.filterRepeating();
    await board.expectTitles(['Clean the fridge', 'Pay the rent', 'Buy a lamp']);
    expect(await board.repeat('Pay the rent')).to.equal(null);
    expect(await board.schedule('Pay the rent')).to.deep.equal({ due: null, priority: 'high' });
  });
});
