/**
 * The MCP tools over `/mcp`, driven by the official SDK client as an agent drives them: each tool's work, seen
 * again through the REST API and the live event stream; per-item answers; and isolation between users.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { ManualClock } from '../../src/infrastructure/system/manual-clock.js';
import { McpTestClient, textOf } from '../support/mcp-client.js';
import { TestService, useTestService, type UserClient } from '../support/test-service.js';

const TOOLS = ['add_tasks', 'find_tasks', 'get_task', 'update_tasks', 'complete_tasks', 'reopen_tasks', 'delete_tasks', 'get_overview'];

describe('MCP over HTTP: the task tools', function () {
  this.timeout(60_000);
  // 12:00 UTC on the 25th: already the 26th in Auckland.
  const clock = new ManualClock(new Date('2026-11-25T12:00:00.000Z'));
  const service = useTestService({}, { clock });
  let alice: UserClient;
  let agent: McpTestClient;

  beforeEach(async () => {
    alice = await service.as(TestService.newUserId('alice'));
    agent = await McpTestClient.connect(service.url, alice.token);
  });
  afterEach(async () => {
    await agent.close();
  });

  const add = async (...tasks: Record<string, unknown>[]) => {
    const { results } = await agent.ok('add_tasks', { tasks });
    return results.map((result: any) => result.task);
  };

  it('lists its tools, each with a description, input and output schemas, and annotations', async () => {
    const { tools } = await agent.client.listTools();

    expect(tools.map((tool) => tool.name)).to.deep.equal(TOOLS);
    for (const tool of tools) {
      expect(tool.description, tool.name).to.have.length.above(100);
      expect(tool.inputSchema.type, tool.name).to.equal('object');
      expect(tool.outputSchema?.type, tool.name).to.equal('object');
    }
    const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
    expect(byName.add_tasks!.inputSchema.required).to.deep.equal(['tasks']);
    expect(byName.find_tasks!.annotations).to.include({ readOnlyHint: true });
    expect(byName.add_tasks!.annotations).to.include({ readOnlyHint: false, idempotentHint: false, destructiveHint: false });
    // Completing a repeating task again moves it on again: not idempotent. Reopening is.
    expect(byName.complete_tasks!.annotations).to.include({ readOnlyHint: false, idempotentHint: false, destructiveHint: false });
    expect(byName.reopen_tasks!.annotations).to.include({ readOnlyHint: false, idempotentHint: true, destructiveHint: true });
    expect(byName.delete_tasks!.annotations).to.include({ destructiveHint: true, idempotentHint: true });
  });

  it('add_tasks creates tasks the REST API then serves exactly as the tool answered them', async () => {
    const result = await agent.call('add_tasks', {
      tasks: [{ title: '  Buy milk ', description: '2 litres', due_date: '2026-12-24', priority: 'high' }, { title: 'Call mum' }],
    });

    expect(result.isError).to.not.equal(true);
    const { results, succeeded, failed } = result.structuredContent as any;
    expect({ succeeded, failed }).to.deep.equal({ succeeded: 2, failed: 0 });
    expect(results.map((item: any) => [item.index, item.ok])).to.deep.equal([[0, true], [1, true]]);
    expect(results[0].task).to.include({ user_id: alice.userId, title: 'Buy milk', description: '2 litres', due_date: '2026-12-24', priority: 'high', completed: false, version: 1 });
    expect(results[1].task).to.include({ title: 'Call mum', description: null, due_date: null, priority: 'none' });
    expect(textOf(result)).to.include('Buy milk').and.include(results[0].task.id);

    const listed = await alice.request('GET', '/api/tasks?sort=title&order=asc');
    expect(listed.body.items).to.deep.equal([results[0].task, results[1].task]);
    expect((result.structuredContent as any).tasks, 'the tasks added, in order').to.deep.equal([results[0].task, results[1].task]);
  });

  it('find_tasks filters, sorts and pages with the listing’s parameters', async () => {
    const [dentist, report, groceries] = await add(
      { title: 'Book the dentist', due_date: '2026-11-20', priority: 'high' },
      { title: 'Write the report', description: 'quarterly numbers', due_date: '2026-11-30', priority: 'medium' },
      { title: 'Groceries', priority: 'low' },
    );
    await agent.ok('complete_tasks', { ids: [groceries.id] });

    const ids = async (args: Record<string, unknown>) => (await agent.ok('find_tasks', args)).tasks.map((task: any) => task.id);
    expect(await ids({ query: 'QUARTERLY' })).to.deep.equal([report.id]);
    expect(await ids({ status: 'completed' })).to.deep.equal([groceries.id]);
    expect(await ids({ priority: 'high' })).to.deep.equal([dentist.id]);
    expect(await ids({ priority: ['high', 'medium'], sort: 'priority' })).to.deep.equal([dentist.id, report.id]);
    expect(await ids({ due_after: '2026-11-25', due_before: '2026-12-01' })).to.deep.equal([report.id]);
    expect(await ids({ overdue: true })).to.deep.equal([dentist.id]);
    expect(await ids({ sort: 'title', order: 'asc' })).to.deep.equal([dentist.id, groceries.id, report.id]);

    const first = await agent.ok('find_tasks', { sort: 'title', order: 'asc', limit: 2 });
    expect(first.tasks.map((task: any) => task.id)).to.deep.equal([dentist.id, groceries.id]);
    expect(first.next_cursor).to.be.a('string');
    const second = await agent.ok('find_tasks', { sort: 'title', order: 'asc', limit: 2, cursor: first.next_cursor });
    expect(second).to.deep.equal({ tasks: [{ ...report }], next_cursor: null });
  });

  it('find_tasks keeps one list’s tasks, by id or as the inbox, and refuses a list that is not the caller’s', async () => {
    const work = (await alice.request('POST', '/api/lists', { body: { name: 'Work' } })).body;
    const report = (await alice.request('POST', '/api/tasks', { body: { title: 'Report', list_id: work.id } })).body;
    const [milk] = await add({ title: 'Milk' });

    const ids = async (args: Record<string, unknown>) => (await agent.ok('find_tasks', args)).tasks.map((task: any) => task.id);
    expect(await ids({ list_id: work.id })).to.deep.equal([report.id]);
    expect(await ids({ list_id: 'inbox' })).to.deep.equal([milk.id]);
    for (const listId of [randomUUID(), 'not-a-list']) {
      const refused = await agent.call('find_tasks', { list_id: listId });
      expect(refused.isError, listId).to.equal(true);
      expect(textOf(refused), listId).to.match(/No such list among your lists/);
    }
  });

  it('get_task reads one task, update_tasks changes only the fields given', async () => {
    const [task] = await add({ title: 'Draft', description: 'notes', due_date: '2026-12-01', priority: 'low' });

    expect(await agent.ok('get_task', { id: task.id })).to.deep.equal({ task });

    const { results } = await agent.ok('update_tasks', { updates: [{ id: task.id, title: 'Final', due_date: null, priority: 'high' }] });
    expect(results[0]).to.deep.include({ index: 0, ok: true });
    expect(results[0].task).to.include({ title: 'Final', description: 'notes', due_date: null, priority: 'high', version: 2 });
    expect((await alice.request('GET', `/api/tasks/${task.id}`)).body).to.deep.equal(results[0].task);
  });

  it('labels tasks on add and update, finds them by label in any case, and reports too many labels per item', async () => {
    const [work, home] = await add({ title: 'Report', labels: ['Work', 'urgent'] }, { title: 'Dishes', labels: ['home'] });
    expect(work.labels).to.deep.equal(['Work', 'urgent']);

    const found = await agent.ok('find_tasks', { label: ['WORK', 'nothing'] });
    expect(found.tasks.map((task: any) => task.id)).to.deep.equal([work.id]);
    expect(textOf(await agent.call('find_tasks', { label: 'home' }))).to.include('labels: home');

    const tooMany = Array.from({ length: 21 }, (_, index) => `l${index}`);
    const { results } = await agent.ok('update_tasks', { updates: [{ id: home.id, labels: ['chores'] }, { id: work.id, labels: tooMany }] });
    expect(results[0].task.labels).to.deep.equal(['chores']);
    expect(results[1]).to.deep.include({ ok: false });
    expect(results[1].error).to.include({ code: 'label_limit_reached' });
    expect((await alice.request('GET', '/api/labels')).body.items.map((label: any) => label.name)).to.deep.equal(['chores', 'urgent', 'Work']);
  });

  it('complete_tasks and reopen_tasks set the state, so a retry never undoes it', async () => {
    const [task] = await add({ title: 'Water the plants' });

    const once = await agent.ok('complete_tasks', { ids: [task.id] });
    const twice = await agent.ok('complete_tasks', { ids: [task.id] });
    expect(once.results[0].task).to.include({ completed: true, version: 2 });
    expect(twice.results[0].task).to.deep.equal(once.results[0].task);

    const reopened = await agent.ok('reopen_tasks', { ids: [task.id] });
    const again = await agent.ok('reopen_tasks', { ids: [task.id] });
    expect(reopened.results[0].task).to.include({ completed: false, completed_at: null, version: 3 });
    expect(again.results[0].task).to.deep.equal(reopened.results[0].task);
  });

  describe('repeating tasks', () => {
    it('add_tasks and update_tasks take a repeat and repeat_from, and answer them normalized', async () => {
      const [weekly, daily] = await add(
        { title: 'Water the plants', due_date: '2026-11-30', repeat: 'RRULE:freq=weekly;interval=1;byday=mo' },
        { title: 'Stretch', due_date: '2026-11-25', repeat: 'FREQ=DAILY', repeat_from: 'completion' },
      );
      expect(weekly).to.include({ repeat: 'FREQ=WEEKLY;BYDAY=MO', repeat_from: 'due' });
      expect(daily).to.include({ repeat: 'FREQ=DAILY', repeat_from: 'completion' });
      expect((await alice.request('GET', `/api/tasks/${weekly.id}`)).body).to.deep.equal(weekly);
      const found = await agent.call('find_tasks', { repeating: true, sort: 'title', order: 'asc' });
      expect((found.structuredContent as any).tasks).to.deep.equal([daily, weekly]);
      expect(textOf(found)).to.include('repeats FREQ=WEEKLY;BYDAY=MO').and.include('repeats FREQ=DAILY from completion');

      const { tasks } = await agent.ok('update_tasks', {
        updates: [
          { id: weekly.id, repeat: 'FREQ=MONTHLY;BYDAY=-1FR', repeat_from: 'completion' },
          { id: daily.id, repeat: null },
        ],
      });
      expect(tasks[0]).to.include({ repeat: 'FREQ=MONTHLY;BYDAY=-1FR', repeat_from: 'completion', version: 2 });
      expect(tasks[1]).to.include({ repeat: null, due_date: '2026-11-25', version: 2 });
      // Taking the due date away takes the repeat with it.
      const [undated] = (await agent.ok('update_tasks', { updates: [{ id: weekly.id, due_date: null }] })).tasks;
      expect(undated).to.include({ due_date: null, repeat: null });
      expect((await agent.ok('find_tasks', { repeating: false })).tasks.map((task: any) => task.id)).to.have.members([weekly.id, daily.id]);
    });

    it('complete_tasks moves a repeating task on to its next date after today in tz, and says so', async () => {
      // Today is the 25th in UTC, the 26th in Auckland.
      const [utc, auckland, once] = await add(
        { title: 'Vitamins', due_date: '2026-11-20', repeat: 'FREQ=DAILY' },
        { title: 'Vitamins in Auckland', due_date: '2026-11-20', repeat: 'FREQ=DAILY' },
        { title: 'Once', due_date: '2026-11-20' },
      );
      const events = await alice.events();
      try {
        const inUtc = await agent.call('complete_tasks', { ids: [utc.id, once.id] });
        const [movedOn, closed] = (inUtc.structuredContent as any).tasks;
        expect(movedOn).to.include({ completed: false, completed_at: null, due_date: '2026-11-26', version: 2 });
        expect(closed).to.include({ completed: true, due_date: '2026-11-20' });
        expect(textOf(inUtc)).to.include('Vitamins (due 2026-11-26, repeats FREQ=DAILY) — id').and.include('repeats: done for now, next due 2026-11-26');

        const [inAuckland] = (await agent.ok('complete_tasks', { ids: [auckland.id], tz: 'Pacific/Auckland' })).tasks;
        expect(inAuckland).to.include({ completed: false, due_date: '2026-11-27' });
        // Again: one more date, not a no-op.
        const [again] = (await agent.ok('complete_tasks', { ids: [utc.id] })).tasks;
        expect(again).to.include({ completed: false, due_date: '2026-11-27', version: 3 });
        expect((await alice.request('GET', `/api/tasks/${utc.id}`)).body).to.deep.equal(again);

        await events.untilMessages(4, 2000);
        expect(events.messages.map((message) => message.event)).to.deep.equal(['task.repeated', 'task.completed', 'task.repeated', 'task.repeated']);
        expect(JSON.parse(events.messages.at(-1)!.data).task).to.deep.equal(again);
      } finally {
        await events.close();
      }
    });

    it('reports a refused repeat per item naming repeat, and refuses a whole call with a bad tz', async () => {
      const failing = await agent.call('add_tasks', {
        tasks: [
          { title: 'Undated', repeat: 'FREQ=DAILY' },
          { title: 'Hourly', due_date: '2026-12-01', repeat: 'FREQ=HOURLY' },
          { title: 'Fine', due_date: '2026-12-01', repeat: 'FREQ=YEARLY' },
        ],
      });
      const report = failing.structuredContent as any;
      expect(report.results.map((result: any) => [result.ok, result.error?.field])).to.deep.equal([
        [false, 'repeat'],
        [false, 'repeat'],
        [true, undefined],
      ]);
      expect(textOf(failing)).to.match(/item 0 failed: repeat: /);

      const [fine] = report.tasks;
      const badZone = await agent.call('complete_tasks', { ids: [fine.id], tz: 'Mars/Olympus_Mons' });
      expect(badZone.isError).to.equal(true);
      expect(textOf(badZone)).to.match(/^Invalid tz: /);
      expect((await alice.request('GET', `/api/tasks/${fine.id}`)).body).to.deep.equal(fine);
    });
  });

  it('delete_tasks deletes, and a second delete of the same id changes nothing and says not found', async () => {
    const [task, kept] = await add({ title: 'Old' }, { title: 'Kept' });

    expect((await agent.ok('delete_tasks', { ids: [task.id] })).results).to.deep.equal([{ index: 0, ok: true, id: task.id }]);
    expect((await alice.request('GET', `/api/tasks/${task.id}`)).status).to.equal(404);
    const repeated = await agent.call('delete_tasks', { ids: [task.id] });
    expect(repeated.isError).to.equal(true);
    expect((repeated.structuredContent as any).results[0]).to.deep.include({ index: 0, id: task.id, ok: false });
    expect((await alice.request('GET', '/api/tasks')).body.items.map((item: any) => item.id)).to.deep.equal([kept.id]);
  });

  it('get_overview counts, and lists what is overdue and due today in the user’s time zone', async () => {
    const [late, today, tomorrow] = await add(
      { title: 'Late', due_date: '2026-11-24' },
      { title: 'Today', due_date: '2026-11-25', priority: 'high' },
      { title: 'Tomorrow', due_date: '2026-11-26' },
      { title: 'Someday' },
    );

    const utc = await agent.ok('get_overview');
    expect(utc).to.deep.equal({
      today: '2026-11-25',
      time_zone: 'UTC',
      counts: { total: 4, pending: 4, completed: 0, overdue: 1, due_today: 1 },
      overdue_tasks: [late],
      due_today_tasks: [today],
    });
    const auckland = await agent.ok('get_overview', { tz: 'Pacific/Auckland' });
    expect(auckland.today).to.equal('2026-11-26');
    expect(auckland.overdue_tasks.map((task: any) => task.id)).to.deep.equal([late.id, today.id]);
    expect(auckland.due_today_tasks.map((task: any) => task.id)).to.deep.equal([tomorrow.id]);
  });

  it('shows a task added by a tool on the user’s open event stream', async () => {
    const events = await alice.events();
    try {
      const started = Date.now();
      const [task] = await add({ title: 'Seen live' });
      // The user's inbox, made by their first task, then the task.
      await events.untilMessages(2, 2000);
      expect(Date.now() - started).to.be.below(2000);
      expect(events.messages.map((message) => message.event)).to.deep.equal(['list.created', 'task.created']);
      expect(JSON.parse(events.messages[1]!.data).task).to.deep.equal(task);
    } finally {
      await events.close();
    }
  });

  describe('answers an agent can act on', () => {
    const errorOf = async (tool: string, args: Record<string, unknown>) => {
      const result = await agent.call(tool, args);
      expect(result.isError, `${tool} should fail`).to.equal(true);
      return { text: textOf(result), structured: result.structuredContent as any };
    };

    it('reports a value the domain refuses per item, naming the field', async () => {
      const badDate = await errorOf('add_tasks', { tasks: [{ title: 'Feb', due_date: '2026-02-30' }] });
      expect(badDate.structured.results).to.deep.equal([
        { index: 0, ok: false, error: { code: 'validation_failed', field: 'due_date', message: badDate.structured.results[0].error.message } },
      ]);
      expect(badDate.text).to.match(/item 0 failed: due_date: /);

      const emptyTitle = await errorOf('add_tasks', { tasks: [{ title: '   ' }] });
      expect(emptyTitle.structured.results[0].error).to.include({ field: 'title', code: 'validation_failed' });
      expect(emptyTitle.text).to.include('title: Title must not be empty');

      const nothingToChange = await errorOf('update_tasks', { updates: [{ id: randomUUID() }] });
      expect(nothingToChange.structured.results[0].error.message).to.match(/at least one of title, description, due_date, priority/);
      expect((await alice.request('GET', '/api/tasks')).body.items).to.deep.equal([]);
    });

    it('refuses a whole call whose arguments do not fit the schema, naming the argument, and does nothing', async () => {
      const tooMany = await errorOf('add_tasks', { tasks: Array.from({ length: 26 }, (_, index) => ({ title: `Task ${index}` })) });
      expect(tooMany.text).to.match(/at most 25 tasks per call.* at tasks$/);
      const unknownPriority = await errorOf('add_tasks', { tasks: [{ title: 'Good' }, { title: 'Urgent', priority: 'urgent' }] });
      expect(unknownPriority.text).to.match(/"none"\|"low"\|"medium"\|"high" at tasks\[1\]\.priority/);
      const unknownField = await errorOf('update_tasks', { updates: [{ id: randomUUID(), completed: true }] });
      expect(unknownField.text).to.match(/Unrecognized key: "completed" at updates\[0\]/);
      const badTimeZone = await errorOf('find_tasks', { tz: 'Mars/Olympus_Mons' });
      expect(badTimeZone.text).to.match(/^Invalid tz: /);

      expect((await alice.request('GET', '/api/tasks')).body.items).to.deep.equal([]);
    });

    it('reports unknown ids per item, by the id given', async () => {
      const unknown = randomUUID();
      for (const tool of ['complete_tasks', 'reopen_tasks', 'delete_tasks']) {
        const { structured, text } = await errorOf(tool, { ids: [unknown, 'not-a-uuid'] });
        expect(structured.results.map((result: any) => [result.id, result.error.code, result.error.field])).to.deep.equal([
          [unknown, 'task_not_found', 'id'],
          ['not-a-uuid', 'task_not_found', 'id'],
        ]);
        expect(text).to.include(`No task with id "${unknown}"`);
      }
      expect((await errorOf('get_task', { id: unknown })).text).to.include(`No task with id "${unknown}"`);
    });

    it('does a batch of 25, and of a mixed batch does the good items and reports each', async () => {
      const { results, succeeded } = await agent.ok('add_tasks', { tasks: Array.from({ length: 25 }, (_, index) => ({ title: `Task ${index}` })) });
      expect(succeeded).to.equal(25);
      expect(results.map((result: any) => result.task.title)).to.deep.equal(Array.from({ length: 25 }, (_, index) => `Task ${index}`));

      const unknown = randomUUID();
      const mixed = await agent.call('update_tasks', {
        updates: [
          { id: results[0].task.id, title: 'Renamed' },
          { id: unknown, title: 'Nobody' },
          { id: results[1].task.id, due_date: '2026-13-01' },
          { id: results[2].task.id, priority: 'high' },
        ],
      });
      expect(mixed.isError, 'a batch in which something was done is not an error').to.not.equal(true);
      const report = mixed.structuredContent as any;
      expect({ succeeded: report.succeeded, failed: report.failed }).to.deep.equal({ succeeded: 2, failed: 2 });
      expect(report.results.map((result: any) => [result.index, result.ok, result.error?.field])).to.deep.equal([
        [0, true, undefined],
        [1, false, 'id'],
        [2, false, 'due_date'],
        [3, true, undefined],
      ]);
      expect(textOf(mixed)).to.match(/^Updated 2 of 4; 2 failed\./);
      expect(report.tasks.map((task: any) => [task.id, task.title, task.priority])).to.deep.equal([
        [results[0].task.id, 'Renamed', 'none'],
        [results[2].task.id, 'Task 2', 'high'],
      ]);
      const after = await agent.ok('find_tasks', { query: 'Renamed' });
      expect(after.tasks).to.have.length(1);
    });
  });

  describe('between two users', () => {
    let bob: UserClient;
    let bobsAgent: McpTestClient;
    beforeEach(async () => {
      bob = await service.as(TestService.newUserId('bob'));
      bobsAgent = await McpTestClient.connect(service.url, bob.token);
    });
    afterEach(async () => {
      await bobsAgent.close();
    });

    it('answers every tool on another user’s task exactly as on an id that does not exist, and changes nothing', async () => {
      const [secret] = await add({ title: 'Alice’s secret plan', description: 'confidential', due_date: '2026-11-01' });
      const missing = randomUUID();
      const answer = async (tool: string, args: (id: string) => Record<string, unknown>) => {
        const [foreign, none] = [await bobsAgent.call(tool, args(secret.id)), await bobsAgent.call(tool, args(missing))];
        const withoutId = (text: string, id: string) => text.replaceAll(id, '<id>');
        expect(foreign.isError, tool).to.equal(true);
        expect(withoutId(textOf(foreign), secret.id), tool).to.equal(withoutId(textOf(none), missing));
        expect(JSON.stringify(foreign.structuredContent ?? null).replaceAll(secret.id, '<id>'), tool).to.equal(
          JSON.stringify(none.structuredContent ?? null).replaceAll(missing, '<id>'),
        );
        expect(JSON.stringify(foreign)).to.not.include('confidential');
      };

      await answer('get_task', (id) => ({ id }));
      await answer('update_tasks', (id) => ({ updates: [{ id, title: 'pwned' }] }));
      for (const tool of ['complete_tasks', 'reopen_tasks', 'delete_tasks']) await answer(tool, (id) => ({ ids: [id] }));

      expect(await bobsAgent.ok('find_tasks', { query: 'secret plan' })).to.deep.equal({ tasks: [], next_cursor: null });
      expect(await bobsAgent.ok('find_tasks', { overdue: true })).to.deep.equal({ tasks: [], next_cursor: null });
      expect((await bobsAgent.ok('get_overview')).counts).to.deep.equal({ total: 0, pending: 0, completed: 0, overdue: 0, due_today: 0 });
      expect(await agent.ok('get_task', { id: secret.id })).to.deep.equal({ task: secret });
    });
  });
});
