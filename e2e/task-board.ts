/** The example's task list as a person uses it, in Playwright terms: what the browser tests click and read. */
import type { Locator, Page } from 'playwright-core';

/** Polls `condition` until it holds, failing after `timeoutMs` with `what` and the last value seen. */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value)) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}

const sameList = (expected: string[]) => (actual: string[]) =>
  actual.length === expected.length && actual.every((title, index) => title === expected[index]);

/**
 * Each action first brings its tab to the front, as a person looking at it would: Chromium throttles the tabs
 * behind it, which would slow the clicks, not what is measured.
 */
export class TaskBoard {
  constructor(readonly page: Page) {}

  private get newTaskForm(): Locator {
    return this.page.getByRole('form', { name: 'New task' });
  }

  private row(title: string): Locator {
    return this.page.locator('ul.tasks > li').filter({ has: this.page.locator('.title', { hasText: new RegExp(`^${escape(title)}$`) }) });
  }

  /** The titles shown, top to bottom. */
  titles(): Promise<string[]> {
    return this.page.locator('ul.tasks > li .title').allInnerTexts();
  }

  /** Waits until exactly `expected` is shown, in that order. */
  expectTitles(expected: string[], timeoutMs = 5_000): Promise<string[]> {
    return eventually(() => this.titles(), sameList(expected), timeoutMs, `the list ${JSON.stringify(expected)}`);
  }

  async add(title: string, description = '', schedule: Schedule = {}, labels: string[] = []): Promise<void> {
    await this.page.bringToFront();
    await this.newTaskForm.getByLabel('Title').fill(title);
    await this.newTaskForm.getByLabel('Description').fill(description);
    await fillSchedule(this.newTaskForm, schedule);
    await this.newTaskForm.getByLabel('Labels').fill(labels.join(', '));
    await this.newTaskForm.getByRole('button', { name: 'Add task' }).click();
  }

  /** Edits a task with its form; `list` moves it to the list of that name. */
  async edit(title: string, changes: { title?: string; description?: string; labels?: string[]; list?: string } & Schedule): Promise<void> {
    await this.page.bringToFront();
    await this.row(title).getByRole('button', { name: 'Edit' }).click();
    const form = this.page.getByRole('form', { name: `Edit ${title}` });
    if (changes.title !== undefined) await form.getByLabel('Title').fill(changes.title);
    if (changes.description !== undefined) await form.getByLabel('Description').fill(changes.description);
    if (changes.labels !== undefined) await form.getByLabel('Labels').fill(changes.labels.join(', '));
    if (changes.list !== undefined) await form.getByLabel('List').selectOption({ label: changes.list });
    await fillSchedule(form, changes);
    await form.getByRole('button', { name: 'Save' }).click();
  }

  /** The due date and priority shown on a task: `{ due: 'due 2031-05-01', priority: 'high' }`, null where none shows. */
  async schedule(title: string): Promise<{ due: string | null; priority: string | null }> {
    const row = this.row(title);
    const text = async (testId: string) => {
      const found = row.getByTestId(testId);
      return (await found.count()) > 0 ? (await found.innerText()).trim() : null;
    };
    return { due: await text('due-date'), priority: await text('priority') };
  }

  /** How a task repeats, as its row says (`↻ every week on Monday`), or null when it does not. */
  async repeat(title: string): Promise<string | null> {
    const found = this.row(title).getByTestId('repeat');
    return (await found.count()) > 0 ? (await found.innerText()).trim() : null;
  }

  /** What a repeating task's row says once completing it moved it on (`done · next due 2031-05-08`), or null. */
  async nextDue(title: string): Promise<string | null> {
    const found = this.row(title).getByTestId('next-due');
    return (await found.count()) > 0 ? (await found.innerText()).trim() : null;
  }

  /** The repeat picker of a task's edit form, opened and left open: its options, the one chosen, and whether it is on. */
  async repeatPicker(title: string): Promise<{ options: string[]; chosen: string; enabled: boolean; fromCompletion: boolean | null }> {
    await this.page.bringToFront();
    await this.row(title).getByRole('button', { name: 'Edit' }).click();
    const form = this.page.getByRole('form', { name: `Edit ${title}` });
    return readRepeatPicker(form);
  }

  /** The new-task form's repeat picker after typing `dueDate` (`''`: none) into it. */
  async newTaskRepeatPicker(dueDate: string): Promise<{ options: string[]; chosen: string; enabled: boolean; fromCompletion: boolean | null }> {
    await this.page.bringToFront();
    await this.newTaskForm.getByLabel('Due date').fill(dueDate);
    return readRepeatPicker(this.newTaskForm);
  }

  /** Turns the "Repeating" filter on, or off again. */
  async filterRepeating(): Promise<void> {
    await this.page.bringToFront();
    await this.page.getByRole('button', { name: 'Repeating', exact: true }).click();
  }

  /** How deep each task shown sits, top to bottom: 0 on the top level, 1 for a subtask, and so on. */
  async depths(): Promise<Record<string, number>> {
    const rows = await this.page.locator('ul.tasks > li').evaluateAll((items) =>
      items.map((item) => [item.querySelector('.title')?.textContent ?? '', Number(item.getAttribute('data-depth'))] as const),
    );
    return Object.fromEntries(rows);
  }

  async addSubtask(parent: string, title: string): Promise<void> {
    await this.page.bringToFront();
    await this.row(parent).getByRole('button', { name: `Add a subtask to ${parent}` }).click();
    const form = this.page.getByRole('form', { name: `New subtask of ${parent}` });
    await form.getByLabel('Title').fill(title);
    await form.getByRole('button', { name: 'Add subtask' }).click();
    await form.waitFor({ state: 'detached' });
  }

  /** Moves a task one place up or down among its siblings, with its buttons. */
  async move(title: string, direction: 'up' | 'down'): Promise<void> {
    await this.page.bringToFront();
    await this.row(title).getByRole('button', { name: `Move ${title} ${direction}`, exact: true }).click();
  }

  /** Which of a task's move buttons show. */
  async moveButtons(title: string): Promise<{ up: boolean; down: boolean }> {
    const shows = async (direction: string) => (await this.row(title).getByRole('button', { name: `Move ${title} ${direction}`, exact: true }).count()) > 0;
    return { up: await shows('up'), down: await shows('down') };
  }

  /** The labels shown as chips on a task, in the order shown. */
  labels(title: string): Promise<string[]> {
    return this.row(title).locator('[data-testid="label"] .name').allInnerTexts();
  }

  async removeLabel(title: string, label: string): Promise<void> {
    await this.page.bringToFront();
    await this.row(title).getByRole('button', { name: `Remove label ${label} from ${title}`, exact: true }).click();
  }

  /** The label filters offered, each with its task count: `{ home: 2 }`. */
  async labelFilters(): Promise<Record<string, number>> {
    const names = await this.page.getByRole('group', { name: 'Filter by label' }).getByRole('button').evaluateAll((buttons) =>
      buttons.map((button) => button.getAttribute('aria-label') ?? ''),
    );
    return Object.fromEntries(names.map((name) => /^Label (.*) \((\d+)\)$/.exec(name)).flatMap((match) => (match ? [[match[1], Number(match[2])]] : [])));
  }

  /** Clicks a label filter: on, or off again when it is on. */
  async filterByLabel(label: string): Promise<void> {
    await this.page.bringToFront();
    await this.page.getByRole('group', { name: 'Filter by label' }).getByRole('button', { name: new RegExp(`^Label ${escape(label)} \\(`) }).click();
  }

  private get sidebar(): Locator {
    return this.page.getByRole('navigation', { name: 'Lists' });
  }

  private listRow(name: string): Locator {
    return this.sidebar.locator('ul.lists > li').filter({ has: this.page.locator('.list-name', { hasText: new RegExp(`^${escape(name)}$`) }) });
  }

  /** The lists in the sidebar, top to bottom. */
  lists(): Promise<string[]> {
    return this.sidebar.locator('ul.lists > li .list-name').allInnerTexts();
  }

  /** Waits until exactly `expected` lists are in the sidebar, in that order. */
  expectLists(expected: string[], timeoutMs = 5_000): Promise<string[]> {
    return eventually(() => this.lists(), sameList(expected), timeoutMs, `the lists ${JSON.stringify(expected)}`);
  }

  /** The list whose tasks are shown, as the sidebar marks it. */
  async shownList(): Promise<string | null> {
    const current = this.sidebar.locator('.list-name[aria-current="true"]');
    return (await current.count()) > 0 ? (await current.innerText()).trim() : null;
  }

  /** Waits until the tasks of list `name` are shown: it is marked in the sidebar and named above the tasks. */
  async expectShownList(name: string, timeoutMs = 5_000): Promise<void> {
    await eventually(
      async () => [await this.shownList(), (await this.page.getByTestId('list-title').innerText()).trim()],
      ([marked, title]) => marked === name && title === name,
      timeoutMs,
      `the list ${name} shown`,
    );
  }

  async addList(name: string): Promise<void> {
    await this.page.bringToFront();
    const form = this.sidebar.getByRole('form', { name: 'New list' });
    await form.getByLabel('List name').fill(name);
    await form.getByRole('button', { name: 'Add list' }).click();
  }

  async selectList(name: string): Promise<void> {
    await this.page.bringToFront();
    await this.listRow(name).locator('.list-name').click();
  }

  async renameList(name: string, newName: string): Promise<void> {
    await this.page.bringToFront();
    await this.listRow(name).getByRole('button', { name: `Rename ${name}`, exact: true }).click();
    const form = this.sidebar.getByRole('form', { name: `Rename ${name}` });
    await form.getByLabel('List name').fill(newName);
    await form.getByRole('button', { name: 'Save' }).click();
  }

  /** Deletes a list with its delete button, saying yes when asked to confirm. */
  async deleteList(name: string): Promise<void> {
    await this.page.bringToFront();
    this.page.once('dialog', (dialog) => void dialog.accept());
    await this.listRow(name).getByRole('button', { name: `Delete ${name}`, exact: true }).click();
  }

  /** Whether a list shows a delete button (the inbox does not). */
  async canDeleteList(name: string): Promise<boolean> {
    return (await this.listRow(name).getByRole('button', { name: `Delete ${name}`, exact: true }).count()) > 0;
  }

  /** Moves a list one place up or down among the lists after the inbox. */
  async moveList(name: string, direction: 'up' | 'down'): Promise<void> {
    await this.page.bringToFront();
    await this.listRow(name).getByRole('button', { name: `Move ${name} ${direction}`, exact: true }).click();
  }

  checkbox(title: string): Locator {
    return this.page.getByRole('checkbox', { name: `Completed: ${title}`, exact: true });
  }

  async toggle(title: string): Promise<void> {
    await this.page.bringToFront();
    await this.checkbox(title).click();
  }

  isCompleted(title: string): Promise<boolean> {
    return this.checkbox(title).isChecked();
  }

  async delete(title: string): Promise<void> {
    await this.page.bringToFront();
    await this.row(title).getByRole('button', { name: 'Delete' }).click();
  }

  description(title: string): Promise<string> {
    return this.row(title).locator('.description').innerText();
  }

  async filter(name: 'All' | 'Pending' | 'Completed'): Promise<void> {
    await this.page.bringToFront();
    await this.page.getByRole('button', { name: new RegExp(`^${name}( \\(\\d+\\))?$`) }).click();
  }

  /** The count shown on a filter button, e.g. 2 for "Pending (2)". */
  async count(name: 'All' | 'Pending' | 'Completed'): Promise<number | null> {
    const label = await this.page.getByRole('button', { name: new RegExp(`^${name}`) }).innerText();
    const match = /\((\d+)\)/.exec(label);
    return match ? Number(match[1]) : null;
  }

  async search(text: string): Promise<void> {
    await this.page.bringToFront();
    await this.page.getByRole('searchbox', { name: 'Search' }).fill(text);
  }

  /** The error shown, as the page words it (the API's problem and its field messages), or null. */
  async alert(): Promise<string | null> {
    // Inside <main>: Next.js's route announcer is an alert too.
    const alert = this.page.locator('main [role="alert"]');
    return (await alert.count()) > 0 ? (await alert.innerText()).trim() : null;
  }

  loadMore(): Locator {
    return this.page.getByRole('button', { name: 'Load more' });
  }
}

/**
 * A due date (`YYYY-MM-DD`, or '' for none), a priority and a repeat, as typed into a task form: `repeat` is a choice
 * of the picker (`none`, `daily`, `weekdays`, `weekly`, `biweekly`, `monthly`, `yearly`, `custom`), `from_completion`
 * its box.
 */
export interface Schedule {
  due_date?: string;
  priority?: 'none' | 'low' | 'medium' | 'high';
  repeat?: string;
  from_completion?: boolean;
}

async function fillSchedule(form: Locator, schedule: Schedule): Promise<void> {
  if (schedule.due_date !== undefined) await form.getByLabel('Due date').fill(schedule.due_date);
  if (schedule.priority !== undefined) await form.getByLabel('Priority').selectOption(schedule.priority);
  if (schedule.repeat !== undefined) await form.getByLabel('Repeat', { exact: true }).selectOption(schedule.repeat);
  if (schedule.from_completion !== undefined) await form.getByLabel('Repeat from completion').setChecked(schedule.from_completion);
}

async function readRepeatPicker(form: Locator): Promise<{ options: string[]; chosen: string; enabled: boolean; fromCompletion: boolean | null }> {
  const picker = form.getByLabel('Repeat', { exact: true });
  const box = form.getByLabel('Repeat from completion');
  return {
    options: (await picker.locator('option').allInnerTexts()).map((text) => text.trim()),
    chosen: await picker.inputValue(),
    enabled: await picker.isEnabled(),
    // null when the box is off: the choice is no fixed interval.
    fromCompletion: (await box.isEnabled()) ? await box.isChecked() : null,
  };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
