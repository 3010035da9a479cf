/**
 * The Next.js example in a real Chromium, on the real service and PostgreSQL: people sign up with Better Auth and
 * manage their tasks; each sees only their own; changes show live in their other tabs; an expired session sends
 * them back to sign in. Run by `npm run test:e2e`.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ROOT_DIR, EXAMPLE_DIR } from '../scripts/example-app.js';
import { eventually, TaskBoard } from './task-board.js';
import { API_TOKEN_LIFETIME_SECONDS, PASSWORD, useTasksAppStack, waitUntilLive } from './tasks-app-stack.js';

/** What the live stream must take at most: a change made in one tab shows in the other within this. */
const LIVE_WITHIN_MS = 2_000;

function runProcess(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('browser: the Next.js example on the tasks API', function () {
  const suite = useTasksAppStack();
  const { signUp } = suite;

  it('type-checks (npm run typecheck in examples/nextjs)', async function () {
    this.timeout(180_000);
    const tsc = path.join(EXAMPLE_DIR, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await runProcess(process.execPath, [tsc, '--noEmit'], { cwd: EXAMPLE_DIR, env: process.env });
    expect(result.code, result.output).to.equal(0);
  });

  it('two people each add, edit, toggle, filter, search and delete tasks, and never see each other’s', async function () {
    this.timeout(120_000);
    const alice = await signUp('Alice');
    const bob = await signUp('Bob');
    const boards = { alice: new TaskBoard(alice.page), bob: new TaskBoard(bob.page) };
    expect(await alice.page.getByTestId('user-name').innerText()).to.equal('Alice');
    await boards.alice.expectTitles([]);
    await boards.bob.expectTitles([]);

    // Interleaved, so that a leak from one to the other would show.
    for (const [board, who] of [[boards.alice, 'Alice'], [boards.bob, 'Bob']] as const) {
      await board.add(`${who}: buy milk`, '2 litres');
      await board.expectTitles([`${who}: buy milk`]);
    }
    for (const [board, who] of [[boards.alice, 'Alice'], [boards.bob, 'Bob']] as const) {
      await board.add(`${who}: call the plumber`);
      await board.add(`${who}: water the plants`, 'the ones on the balcony');
      // In manual order: a new task goes to the end.
      await board.expectTitles([`${who}: buy milk`, `${who}: call the plumber`, `${who}: water the plants`]);
    }

    for (const [board, who] of [[boards.alice, 'Alice'], [boards.bob, 'Bob']] as const) {
      await board.edit(`${who}: buy milk`, { title: `${who}: buy oat milk`, description: '1 litre, unsweetened' });
      await board.expectTitles([`${who}: buy oat milk`, `${who}: call the plumber`, `${who}: water the plants`]);
      expect(await board.description(`${who}: buy oat milk`)).to.equal('1 litre, unsweetened');

      await board.toggle(`${who}: call the plumber`);
      await eventually(() => board.isCompleted(`${who}: call the plumber`), Boolean, 5_000, 'the task to show as completed');
      await eventually(() => board.count('Completed'), (count) => count === 1, 5_000, 'the completed count');

      await board.filter('Pending');
      await board.expectTitles([`${who}: buy oat milk`, `${who}: water the plants`]);
      await board.filter('Completed');
      await board.expectTitles([`${who}: call the plumber`]);
      await board.filter('All');
      await board.search('MILK');
      await board.expectTitles([`${who}: buy oat milk`]);
      await board.search('balcony'); // descriptions are searched too
      await board.expectTitles([`${who}: water the plants`]);
      await board.search('');
      await board.expectTitles([`${who}: buy oat milk`, `${who}: call the plumber`, `${who}: water the plants`]);

      await board.delete(`${who}: water the plants`);
      await board.expectTitles([`${who}: buy oat milk`, `${who}: call the plumber`]);
    }

    // After a reload, from the API alone: each has exactly their own two tasks.
    for (const [user, board] of [[alice, boards.alice], [bob, boards.bob]] as const) {
      await user.page.reload();
      await waitUntilLive(user.page);
      await board.expectTitles([`${user.name}: buy oat milk`, `${user.name}: call the plumber`]);
      expect(await board.isCompleted(`${user.name}: call the plumber`)).to.equal(true);
      expect(await board.count('All')).to.equal(2);
    }

    // Bob's token cannot reach Alice's task through the API either.
    const alicesTask = await alice.page.locator('ul.tasks > li').first().getAttribute('data-task-id');
    const bobsToken = await suite.stack.apiTokenFor(bob);
    const foreign = await fetch(`${suite.stack.service.url}/api/tasks/${alicesTask}`, { headers: { Authorization: `Bearer ${bobsToken}` } });
    expect(foreign.status).to.equal(404);
    await foreign.body?.cancel();
  });

  it('sets a due date and a priority when adding and editing a task, and shows them on it', async function () {
    this.timeout(60_000);
    const grace = await signUp('Grace');
    const board = new TaskBoard(grace.page);
    // Each after the one before has shown: the form is emptied then, due date and priority included.
    await board.add('File the tax return', '', { due_date: '2020-04-30', priority: 'high' });
    await board.expectTitles(['File the tax return']);
    await board.add('Book the dentist', '', { due_date: '2099-01-15' });
    await board.expectTitles(['File the tax return', 'Book the dentist']);
    await board.add('Read a novel');
    await board.expectTitles(['File the tax return', 'Book the dentist', 'Read a novel']);
    const shown = (title: string) => board.schedule(title);
    expect(await shown('File the tax return')).to.deep.equal({ due: 'overdue 2020-04-30', priority: 'high' });
    expect(await shown('Book the dentist')).to.deep.equal({ due: 'due 2099-01-15', priority: null });
    expect(await shown('Read a novel')).to.deep.equal({ due: null, priority: null });

    await board.edit('Read a novel', { due_date: '2099-02-01', priority: 'low' });
    await eventually(() => board.schedule('Read a novel'), (now) => now.priority === 'low', 5_000, 'the edited priority');
    expect(await shown('Read a novel')).to.deep.equal({ due: 'due 2099-02-01', priority: 'low' });
    await board.edit('File the tax return', { due_date: '', priority: 'none' });
    await eventually(() => board.schedule('File the tax return'), (now) => now.priority === null, 5_000, 'the priority taken away');
    expect(await shown('File the tax return')).to.deep.equal({ due: null, priority: null });
    // A completed task is not overdue.
    await board.edit('Book the dentist', { due_date: '2021-03-01' });
    await eventually(() => board.schedule('Book the dentist'), (now) => now.due === 'overdue 2021-03-01', 5_000, 'overdue');
    await board.toggle('Book the dentist');
    await eventually(() => board.schedule('Book the dentist'), (now) => now.due === 'due 2021-03-01', 5_000, 'no longer overdue');

    // What the API holds, after a reload.
    await grace.page.reload();
    await waitUntilLive(grace.page);
    await board.expectTitles(['File the tax return', 'Book the dentist', 'Read a novel']);
    expect(await shown('Read a novel')).to.deep.equal({ due: 'due 2099-02-01', priority: 'low' });
    expect(await shown('Book the dentist')).to.deep.equal({ due: 'due 2021-03-01', priority: null });
    expect(await shown('File the tax return')).to.deep.equal({ due: null, priority: null });
  });

  it('adds subtasks under a task, indented beneath it, shows them in another tab, and deletes them with it', async function () {
    this.timeout(90_000);
    const heidi = await signUp('Heidi');
    const board = new TaskBoard(heidi.page);
    const other = new TaskBoard(await suite.stack.openTab(heidi));
    await board.add('Plan the trip');
    await board.expectTitles(['Plan the trip']);
    await board.addSubtask('Plan the trip', 'Book flights');
    await board.addSubtask('Plan the trip', 'Book a hotel');
    await board.addSubtask('Book a hotel', 'Compare prices');
    await board.add('Water the plants');
    const outline = ['Plan the trip', 'Book flights', 'Book a hotel', 'Compare prices', 'Water the plants'];
    const depths = { 'Plan the trip': 0, 'Book flights': 1, 'Book a hotel': 1, 'Compare prices': 2, 'Water the plants': 0 };
    await board.expectTitles(outline);
    expect(await board.depths()).to.deep.equal(depths);
    // Live in the other tab, and from the API alone after a reload.
    await other.expectTitles(outline, LIVE_WITHIN_MS);
    expect(await other.depths()).to.deep.equal(depths);
    await heidi.page.reload();
    await waitUntilLive(heidi.page);
    await board.expectTitles(outline);
    expect(await board.depths()).to.deep.equal(depths);

    // A subtask is a task: it is edited and completed on its own.
    await board.toggle('Book flights');
    await eventually(() => board.isCompleted('Book flights'), Boolean, 5_000, 'the subtask to show as completed');
    expect(await board.isCompleted('Plan the trip')).to.equal(false);

    // Deleting a task deletes its subtasks, here and in the other tab.
    await board.delete('Plan the trip');
    await board.expectTitles(['Water the plants']);
    await other.expectTitles(['Water the plants'], LIVE_WITHIN_MS);
    await heidi.page.reload();
    await waitUntilLive(heidi.page);
    await board.expectTitles(['Water the plants']);
  });

  it('reorders tasks and subtasks with the up and down buttons, live in another tab and after a reload', async function () {
    this.timeout(90_000);
    const ivan = await signUp('Ivan');
    const board = new TaskBoard(ivan.page);
    const other = new TaskBoard(await suite.stack.openTab(ivan));
    const added: string[] = [];
    for (const title of ['First', 'Second', 'Third']) {
      await board.add(title);
      added.push(title);
      await board.expectTitles(added);
    }
    await board.addSubtask('Second', 'Step A');
    await board.addSubtask('Second', 'Step B');
    await board.expectTitles(['First', 'Second', 'Step A', 'Step B', 'Third']);
    // Only siblings are neighbours: the first has no "up", the last of a group no "down".
    expect(await board.moveButtons('First')).to.deep.equal({ up: false, down: true });
    expect(await board.moveButtons('Step B')).to.deep.equal({ up: true, down: false });

    await board.move('Third', 'up'); // before Second, which takes its subtasks along
    await board.expectTitles(['First', 'Third', 'Second', 'Step A', 'Step B']);
    await board.move('First', 'down');
    await board.expectTitles(['Third', 'First', 'Second', 'Step A', 'Step B']);
    await board.move('Step B', 'up');
    await board.expectTitles(['Third', 'First', 'Second', 'Step B', 'Step A']);
    await other.expectTitles(['Third', 'First', 'Second', 'Step B', 'Step A'], LIVE_WITHIN_MS);

    await ivan.page.reload();
    await waitUntilLive(ivan.page);
    await board.expectTitles(['Third', 'First', 'Second', 'Step B', 'Step A']);
    expect(await board.depths()).to.deep.equal({ Third: 0, First: 0, Second: 0, 'Step B': 1, 'Step A': 1 });
  });

  it('shows labels as chips, filters by a label, and adds and takes labels off', async function () {
    this.timeout(90_000);
    const judy = await signUp('Judy');
    const board = new TaskBoard(judy.page);
    await board.add('Buy bread', '', {}, ['errands', 'home']);
    await board.expectTitles(['Buy bread']);
    await board.add('Fix the shelf', '', {}, ['home', 'HOME']); // one label, whatever its case
    await board.expectTitles(['Buy bread', 'Fix the shelf']);
    await board.add('Send the invoice', '', {}, ['work']);
    await board.expectTitles(['Buy bread', 'Fix the shelf', 'Send the invoice']);
    expect(await board.labels('Buy bread')).to.deep.equal(['errands', 'home']);
    expect(await board.labels('Fix the shelf')).to.deep.equal(['home']);
    await eventually(() => board.labelFilters(), (shown) => shown.work === 1, 5_000, 'the label filters');
    expect(await board.labelFilters()).to.deep.equal({ errands: 1, home: 2, work: 1 });

    await board.filterByLabel('home');
    await board.expectTitles(['Buy bread', 'Fix the shelf']);
    // A label added to a task brings it into the filtered list; a label taken off takes it out.
    await board.edit('Fix the shelf', { labels: ['home', 'tools'] });
    await eventually(() => board.labels('Fix the shelf'), (shown) => shown.length === 2, 5_000, 'the added label');
    await board.removeLabel('Buy bread', 'home');
    await board.expectTitles(['Fix the shelf']);
    await eventually(() => board.labelFilters(), (shown) => shown.home === 1, 5_000, 'the label counts');
    expect(await board.labelFilters()).to.deep.equal({ errands: 1, home: 1, tools: 1, work: 1 });
    await board.filterByLabel('home'); // off again
    await board.expectTitles(['Buy bread', 'Fix the shelf', 'Send the invoice']);

    await judy.page.reload();
    await waitUntilLive(judy.page);
    await board.expectTitles(['Buy bread', 'Fix the shelf', 'Send the invoice']);
    expect(await board.labels('Buy bread')).to.deep.equal(['errands']);
    expect(await board.labels('Fix the shelf')).to.deep.equal(['home', 'tools']);
    expect(await board.labels('Send the invoice')).to.deep.equal(['work']);
  });

  it('keeps tasks in lists: the inbox first, new tasks in the list shown, lists added, renamed, moved and deleted with their tasks', async function () {
    this.timeout(90_000);
    const kim = await signUp('Kim');
    const board = new TaskBoard(kim.page);
    // Every user has an inbox from the start, and sees it first.
    await board.expectLists(['Inbox']);
    await board.expectShownList('Inbox');
    expect(await board.canDeleteList('Inbox')).to.equal(false);
    await board.add('Read the mail');
    await board.expectTitles(['Read the mail']);

    // A new list is shown at once, empty; the tasks added now go to it, subtasks with their parent.
    await board.addList('Work');
    await board.expectLists(['Inbox', 'Work']);
    await board.expectShownList('Work');
    await board.expectTitles([]);
    await board.add('Write the report');
    await board.expectTitles(['Write the report']);
    await board.addSubtask('Write the report', 'Outline');
    await board.expectTitles(['Write the report', 'Outline']);
    await board.add('Plan the week');
    await board.expectTitles(['Write the report', 'Outline', 'Plan the week']);
    await board.addList('Home');
    await board.expectShownList('Home');
    await board.add('Water the plants');
    await board.expectTitles(['Water the plants']);
    await board.expectLists(['Inbox', 'Work', 'Home']);

    // A task moved to another list leaves the one shown and goes to the end of the other.
    await board.selectList('Work');
    await board.expectTitles(['Write the report', 'Outline', 'Plan the week']);
    await board.edit('Plan the week', { list: 'Home' });
    await board.expectTitles(['Write the report', 'Outline']);
    await board.selectList('Home');
    await board.expectTitles(['Water the plants', 'Plan the week']);

    await board.selectList('Inbox');
    await board.expectShownList('Inbox');
    await board.expectTitles(['Read the mail']);
    await board.selectList('Work');
    await board.expectTitles(['Write the report', 'Outline']);

    // Renamed and reordered; the inbox stays first. A name already taken, in any case, is refused in the API's words.
    await board.renameList('Work', 'Office');
    await board.expectLists(['Inbox', 'Office', 'Home']);
    await board.expectShownList('Office');
    await board.moveList('Home', 'up');
    await board.expectLists(['Inbox', 'Home', 'Office']);
    await board.addList('home');
    await eventually(() => board.alert(), (shown) => shown !== null, 5_000, 'the refusal');
    expect(await board.alert()).to.contain('already have a list named');
    await board.expectLists(['Inbox', 'Home', 'Office']);

    // Deleting the list shown takes its tasks with it and shows the inbox.
    await board.deleteList('Office');
    await board.expectLists(['Inbox', 'Home']);
    await board.expectShownList('Inbox');
    await board.expectTitles(['Read the mail']);

    await kim.page.reload();
    await waitUntilLive(kim.page);
    await board.expectLists(['Inbox', 'Home']);
    await board.expectShownList('Inbox');
    await board.expectTitles(['Read the mail']);
    await board.selectList('Home');
    await board.expectTitles(['Water the plants', 'Plan the week']);
  });

  it('shows the API’s own words when it refuses a change', async () => {
    const carol = await signUp('Carol');
    const board = new TaskBoard(carol.page);
    await board.add('   ');
    const blank = await eventually(() => board.alert(), (text) => text !== null, 5_000, 'an error');
    expect(blank).to.include('Title must not be empty');
    await board.add('x'.repeat(201));
    await eventually(() => board.alert(), (text) => text?.includes('Title must be at most 200 characters') ?? false, 5_000, 'the length error');
    await board.add('A fine title');
    await board.expectTitles(['A fine title']);
    expect(await board.alert()).to.equal(null);

    // An edit from a stale copy is refused (If-Match), and says why.
    const tab2 = new TaskBoard(await suite.stack.openTab(carol));
    await carol.page.locator('ul.tasks > li').first().getByRole('button', { name: 'Edit' }).click();
    const form = carol.page.locator('ul.tasks > li form');
    await tab2.edit('A fine title', { title: 'Changed in the other tab' });
    await tab2.expectTitles(['Changed in the other tab']);
    // The open form learns of the change live (its label follows the title) but keeps what was typed in it.
    await carol.page.getByRole('form', { name: 'Edit Changed in the other tab' }).waitFor({ timeout: LIVE_WITHIN_MS });
    await form.getByLabel('Title').fill('Changed from a stale copy');
    await form.getByRole('button', { name: 'Save' }).click();
    await eventually(() => board.alert(), (text) => text?.includes('The task has changed since you read it') ?? false, 5_000, 'the 412');
  });

  it('shows a change made in one tab in the user’s other tab within 2 s, and the admin CLI’s too', async function () {
    this.timeout(120_000);
    const dave = await signUp('Dave');
    const first = new TaskBoard(dave.page);
    const second = new TaskBoard(await suite.stack.openTab(dave));

    await first.add('Shared across tabs');
    await second.expectTitles(['Shared across tabs'], 5_000);

    for (const completed of [true, false]) {
      // From the moment the first tab sends the change to the moment the second tab shows it.
      const sent = dave.page.waitForRequest((request) => new URL(request.url()).pathname.endsWith('/complete')).then(() => Date.now());
      await first.toggle('Shared across tabs');
      const shown = second.page
        .waitForFunction(
          (want) => {
            const page = globalThis as unknown as { document: { querySelector(selector: string): { checked: boolean } | null } };
            return page.document.querySelector('ul.tasks input[type=checkbox]')?.checked === want;
          },
          completed,
          { polling: 10, timeout: 10_000 },
        )
        .then(() => Date.now());
      const [sentAt, shownAt] = await Promise.all([sent, shown]);
      expect(shownAt - sentAt, 'milliseconds until the other tab showed the toggle').to.be.below(LIVE_WITHIN_MS);
    }

    await second.edit('Shared across tabs', { title: 'Renamed in the second tab' });
    await first.expectTitles(['Renamed in the second tab'], LIVE_WITHIN_MS);
    await first.delete('Renamed in the second tab');
    await second.expectTitles([], LIVE_WITHIN_MS);

    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tasks-e2e-cli-'));
    try {
      const cli = await runProcess(
        process.execPath,
        ['--import', 'tsx', 'src/interfaces/cli/main.ts', 'tasks', 'create', '--user', dave.id, '--title', 'From the admin CLI'],
        {
          cwd: ROOT_DIR,
          env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: suite.stack.serviceDatabaseUrl, DATA_DIR: dataDir },
        },
      );
      expect(cli.code, cli.output).to.equal(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
    await first.expectTitles(['From the admin CLI'], LIVE_WITHIN_MS);
    await second.expectTitles(['From the admin CLI'], LIVE_WITHIN_MS);
  });

  it('pages with “Load more”', async function () {
    this.timeout(90_000);
    const erin = await signUp('Erin');
    const board = new TaskBoard(erin.page);
    const token = await suite.stack.apiTokenFor(erin);
    for (let index = 1; index <= 25; index++) {
      const response = await fetch(`${suite.stack.service.url}/api/tasks`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ title: `Task ${String(index).padStart(2, '0')}` }),
      });
      expect(response.status).to.equal(201);
      await response.body?.cancel();
    }
    await erin.page.reload();
    const inOrder = Array.from({ length: 25 }, (_, index) => `Task ${String(index + 1).padStart(2, '0')}`);
    await board.expectTitles(inOrder.slice(0, 20));
    await board.loadMore().click();
    await board.expectTitles(inOrder);
    await board.loadMore().waitFor({ state: 'detached' });
  });

  it('sends someone whose session expired back to sign in, and lets them sign in again', async function () {
    this.timeout(API_TOKEN_LIFETIME_SECONDS * 1000 + 90_000);
    const frank = await signUp('Frank');
    const board = new TaskBoard(frank.page);
    await board.add('Still here after signing in again');
    await board.expectTitles(['Still here after signing in again']);

    expect(await suite.stack.expireSessions(frank)).to.be.greaterThan(0);
    // Without anyone touching the page: the API token runs out, its renewal is refused, and the page says so.
    await frank.page.waitForURL(`${suite.stack.appUrl}/sign-in?expired=1`, { timeout: (API_TOKEN_LIFETIME_SECONDS + 30) * 1000 });
    expect(await frank.page.getByRole('status').innerText()).to.equal('Your session has expired. Sign in again.');
    await frank.page.goto(`${suite.stack.appUrl}/`);
    await frank.page.waitForURL(`${suite.stack.appUrl}/sign-in`);

    await frank.page.getByLabel('Email').fill(frank.email);
    await frank.page.getByLabel('Password').fill(PASSWORD);
    await frank.page.getByRole('button', { name: 'Sign in' }).click();
    await frank.page.waitForURL(`${suite.stack.appUrl}/`);
    await waitUntilLive(frank.page);
    await board.expectTitles(['Still here after signing in again']);

    await frank.page.getByRole('button', { name: 'Sign out' }).click();
    await frank.page.waitForURL(`${suite.stack.appUrl}/sign-in`);
    await frank.page.goto(`${suite.stack.appUrl}/`);
    await frank.page.waitForURL(`${suite.stack.appUrl}/sign-in`);
  });
});
