/** `tasks-admin tasks …` against the real PostgreSQL, checked against what the HTTP API sees and says. */
import { expect } from 'chai';
import { AdminCli } from '../support/built-cli.js';
import { TestService, type UserClient } from '../support/test-service.js';

describe('CLI: tasks commands', function () {
  this.timeout(120_000);
  let cli: AdminCli;
  let service: TestService;
  let alice: UserClient;

  before(async () => {
    [cli, service] = await Promise.all([AdminCli.start(), TestService.start()]);
  });
  after(async () => {
    await Promise.all([cli.stop(), service.stop()]);
  });
  beforeEach(async () => {
    alice = await service.as(TestService.newUserId('alice'));
  });

  it('creates a task that HTTP then serves as it was answered', async () => {
    const created = await cli.json('tasks', 'create', '--user', alice.userId, '--title', '  Buy milk ', '--description', '2 litres', '--json');

    expect(created).to.include({ user_id: alice.userId, title: 'Buy milk', description: '2 litres', completed: false, version: 1 });
    const overHttp = await alice.request('GET', `/api/tasks/${created.id}`);
    expect(overHttp.body).to.deep.equal(created);
  });

  it('announces its changes to the HTTP service’s live event stream, as any instance does', async () => {
    const events = await alice.events();
    try {
      const created = await cli.json('tasks', 'create', '--user', alice.userId, '--title', 'Live', '--json');
      await cli.json('tasks', 'complete', '--user', alice.userId, '--id', created.id, '--json');

      // The user's inbox, made for the new task, is announced first.
      await events.until((client) => client.messages.length >= 3, 5000);
      expect(events.messages.map((message) => message.event)).to.deep.equal(['list.created', 'task.created', 'task.completed']);
      expect(JSON.parse(events.messages[1]!.data).task).to.deep.equal(created);
    } finally {
      await events.close();
    }
  });

  it('lists and shows a user’s tasks as tables by default and as the HTTP shapes with --json', async () => {
    const first = await alice.createTask('First');
    const second = await alice.createTask('Second', 'details');

    const page = await cli.json('tasks', 'list', '--user', alice.userId, '--json');
    expect(page).to.deep.equal((await alice.request('GET', '/api/tasks')).body);
    expect(page.items.map((task: any) => task.id)).to.deep.equal([second.id, first.id]);

    const table = await cli.run('tasks', 'list', '--user', alice.userId);
    expect(table.code).to.equal(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).to.match(/^ID\s+STATUS\s+PRIORITY\s+DUE\s+CREATED AT\s+TITLE$/);
    expect(lines.slice(1)).to.have.length(2);
    expect(lines[1]).to.match(new RegExp(`^${second.id}\\s+pending\\s+none\\s+-\\s+${second.created_at}\\s+Second$`));

    const shown = await cli.run('tasks', 'show', '--user', alice.userId, '--id', second.id);
    expect(shown.code).to.equal(0);
    expect(shown.stdout).to.match(/^title\s+Second$/m);
    expect(shown.stdout).to.match(/^description\s+details$/m);
    expect(await cli.json('tasks', 'show', '--user', alice.userId, '--id', second.id, '--json')).to.deep.equal(second);
  });

  it('sets, filters by, lists, renames and removes labels as HTTP does', async () => {
    const created = await cli.json('tasks', 'create', '--user', alice.userId, '--title', 'Plan', '--label', 'Work', '--label', ' WORK', '--label', 'home', '--json');
    expect(created.labels).to.deep.equal(['Work', 'home']);
    const other = await alice.createTask('Other');
    const relabelled = await cli.json('tasks', 'update', '--user', alice.userId, '--id', other.id, '--label', 'work', '--json');
    expect(relabelled).to.deep.include({ labels: ['work'], version: 2 });

    const filtered = await cli.json('tasks', 'list', '--user', alice.userId, '--label', 'HOME,nothing', '--json');
    expect(filtered.items.map((task: any) => task.id)).to.deep.equal([created.id]);
    expect(await cli.json('labels', 'list', '--user', alice.userId, '--json')).to.deep.equal((await alice.request('GET', '/api/labels')).body);
    const table = await cli.run('labels', 'list', '--user', alice.userId);
    expect(table.stdout.trimEnd().split('\n')).to.deep.equal(['TASKS  LABEL', '1      home', '2      Work']);

    expect(await cli.json('labels', 'rename', '--user', alice.userId, '--name', 'work', '--to', 'Job', '--json')).to.deep.equal({ name: 'Job', task_count: 2 });
    expect(await cli.run('labels', 'delete', '--user', alice.userId, '--name', 'HOME')).to.deep.include({ code: 0, stdout: 'Took label HOME off every task.\n' });
    expect((await alice.request('GET', '/api/labels')).body.items).to.deep.equal([{ name: 'Job', task_count: 2 }]);
    expect(await cli.run('labels', 'delete', '--user', alice.userId, '--name', 'home')).to.deep.include({ code: 3, stderr: 'error: Label not found\n' });
    const cleared = await cli.json('tasks', 'update', '--user', alice.userId, '--id', other.id, '--no-labels', '--json');
    expect(cleared.labels).to.deep.equal([]);
    const shown = await cli.run('tasks', 'show', '--user', alice.userId, '--id', created.id);
    expect(shown.stdout).to.match(/^labels\s+Job$/m);
  });

  it('filters and pages the list with the same parameters as HTTP', async () => {
    const done = await alice.createTask('Done');
    await alice.request('PATCH', `/api/tasks/${done.id}/complete`);
    await alice.createTask('Open one');
    await alice.createTask('Open two');

    const completed = await cli.json('tasks', 'list', '--user', alice.userId, '--status', 'completed', '--json');
    expect(completed.items.map((task: any) => task.id)).to.deep.equal([done.id]);

    const firstPage = await cli.json('tasks', 'list', '--user', alice.userId, '--status', 'pending', '--sort', 'title', '--limit', '1', '--json');
    expect(firstPage.items.map((task: any) => task.title)).to.deep.equal(['Open one']);
    const secondPage = await cli.json('tasks', 'list', '--user', alice.userId, '--status', 'pending', '--sort', 'title', '--limit', '1', '--cursor', firstPage.next_cursor, '--json');
    expect(secondPage).to.include({ next_cursor: null });
    expect(secondPage.items.map((task: any) => task.title)).to.deep.equal(['Open two']);
  });

  it('creates and updates due dates and priorities, as HTTP then serves them', async () => {
    const created = await cli.json('tasks', 'create', '--user', alice.userId, '--title', 'Pay rent', '--due', '2026-12-01', '--priority', 'high', '--json');
    expect(created).to.include({ due_date: '2026-12-01', priority: 'high', version: 1 });
    expect((await alice.request('GET', `/api/tasks/${created.id}`)).body).to.deep.equal(created);
    const id = ['--user', alice.userId, '--id', created.id, '--json'];

    expect(await cli.json('tasks', 'update', ...id, '--due', '2026-12-03')).to.include({ due_date: '2026-12-03', priority: 'high', version: 2 });
    expect(await cli.json('tasks', 'update', ...id, '--priority', 'low', '--no-due')).to.include({ due_date: null, priority: 'low', version: 3 });

    const shown = await cli.run('tasks', 'show', '--user', alice.userId, '--id', created.id);
    expect(shown.stdout).to.match(/^due_date\s+-$/m).and.match(/^priority\s+low$/m);
  });

  it('lists by due date and only overdue tasks, with the same parameters as HTTP', async () => {
    for (const [title, due] of [['Long ago', '2000-01-01'], ['Far off', '9999-12-31'], ['Undated', null], ['Also late', '2001-06-30']] as const) {
      await alice.request('POST', '/api/tasks', { body: { title, due_date: due, priority: due === null ? 'high' : 'none' } });
    }

    const byDue = await cli.json('tasks', 'list', '--user', alice.userId, '--sort', 'due_date', '--json');
    expect(byDue.items.map((task: any) => task.title)).to.deep.equal(['Long ago', 'Also late', 'Far off', 'Undated']);
    expect(byDue).to.deep.equal((await alice.request('GET', '/api/tasks?sort=due_date')).body);
    const overdue = await cli.json('tasks', 'list', '--user', alice.userId, '--sort', 'due_date', '--overdue', '--tz', 'Europe/Paris', '--json');
    expect(overdue.items.map((task: any) => task.title)).to.deep.equal(['Long ago', 'Also late']);
    const table = await cli.run('tasks', 'list', '--user', alice.userId, '--sort', 'due_date', '--order', 'desc', '--overdue');
    expect(table.stdout.trimEnd().split('\n').slice(1).map((line) => line.split(/\s+/)[3])).to.deep.equal(['2001-06-30', '2000-01-01']);

    const filtered = await cli.json('tasks', 'list', '--user', alice.userId, '--priority', 'high,low', '--json');
    expect(filtered.items.map((task: any) => task.title)).to.deep.equal(['Undated']);
    const ranged = await cli.json('tasks', 'list', '--user', alice.userId, '--due-after', '2000-01-01', '--due-before', '2001-12-31', '--sort', 'title', '--json');
    expect(ranged.items.map((task: any) => task.title)).to.deep.equal(['Also late', 'Long ago']);
  });

  it('refuses bad due dates, priorities and filters as HTTP does: exit 4 for a task, exit 2 for a listing', async () => {
    for (const [flag, field, value] of [['--due', 'due_date', '2026-02-30'], ['--priority', 'priority', 'urgent']] as const) {
      const overHttp = await alice.request('POST', '/api/tasks', { body: { title: 'x', [field]: value } });
      expect(overHttp.status).to.equal(422);
      const [issue] = overHttp.body.errors;
      expect(issue.path).to.equal(field);

      const created = await cli.run('tasks', 'create', '--user', alice.userId, '--title', 'x', flag, value);
      expect(created).to.deep.equal({ code: 4, stdout: '', stderr: `error: ${issue.path}: ${issue.message}\n` });
    }

    for (const [flags, query] of [
      [['--sort', 'due'], 'sort=due'],
      [['--priority', 'urgent'], 'priority=urgent'],
      [['--due-before', '2026-02-30'], 'due_before=2026-02-30'],
      [['--overdue', '--tz', 'Mars/Olympus_Mons'], 'overdue=true&tz=Mars/Olympus_Mons'],
    ] as const) {
      const listed = await cli.run('tasks', 'list', '--user', alice.userId, ...flags);
      const detail = (await alice.request('GET', `/api/tasks?${query}`)).body.detail;
      expect(listed, query).to.deep.equal({ code: 2, stdout: '', stderr: `error: ${detail}\n` });
    }
  });

  describe('subtasks and manual order', () => {
    const titles = (page: any) => page.items.map((task: any) => task.title);

    it('creates subtasks and lists one level in manual order, as HTTP does', async () => {
      const parent = await cli.json('tasks', 'create', '--user', alice.userId, '--title', 'Errands', '--json');
      const milk = await cli.json('tasks', 'create', '--user', alice.userId, '--title', 'Milk', '--parent', parent.id, '--json');
      await cli.json('tasks', 'create', '--user', alice.userId, '--title', 'Bread', '--parent', parent.id, '--json');
      await alice.createTask('Other');

      expect(milk).to.include({ parent_id: parent.id });
      expect(milk).to.deep.equal((await alice.request('GET', `/api/tasks/${milk.id}`)).body);
      const children = await cli.json('tasks', 'list', '--user', alice.userId, '--parent', parent.id, '--sort', 'position', '--json');
      expect(titles(children)).to.deep.equal(['Milk', 'Bread']);
      expect(children).to.deep.equal((await alice.request('GET', `/api/tasks?parent_id=${parent.id}&sort=position`)).body);
      const top = await cli.json('tasks', 'list', '--user', alice.userId, '--top-level', '--sort', 'position', '--json');
      expect(titles(top)).to.deep.equal(['Errands', 'Other']);
      expect(top).to.deep.equal((await alice.request('GET', '/api/tasks?top_level=true&sort=position')).body);

      const shown = await cli.run('tasks', 'show', '--user', alice.userId, '--id', milk.id);
      expect(shown.stdout).to.match(new RegExp(`^parent_id\\s+${parent.id}$`, 'm')).and.match(new RegExp(`^position\\s+${milk.position}$`, 'm'));
    });

    it('moves a task beside a sibling, first, last, under another parent and back to the top level', async () => {
      const [a, b, c] = [await alice.createTask('A'), await alice.createTask('B'), await alice.createTask('C')];
      const move = (id: string, ...flags: string[]) => cli.json('tasks', 'move', '--user', alice.userId, '--id', id, ...flags, '--json');
      const topLevel = async () => titles(await cli.json('tasks', 'list', '--user', alice.userId, '--top-level', '--sort', 'position', '--json'));

      const moved = await move(c.id, '--after', a.id);
      expect(moved).to.include({ id: c.id, version: 2 });
      expect(moved).to.deep.equal((await alice.request('GET', `/api/tasks/${c.id}`)).body);
      expect(await topLevel()).to.deep.equal(['A', 'C', 'B']);
      await move(b.id, '--first');
      expect(await topLevel()).to.deep.equal(['B', 'A', 'C']);
      await move(b.id, '--last');
      expect(await topLevel()).to.deep.equal(['A', 'C', 'B']);
      await move(a.id, '--before', b.id);
      expect(await topLevel()).to.deep.equal(['C', 'A', 'B']);

      expect(await move(a.id, '--parent', c.id, '--last')).to.include({ parent_id: c.id });
      expect(await move(b.id, '--parent', c.id, '--before', a.id)).to.include({ parent_id: c.id });
      expect(titles(await cli.json('tasks', 'list', '--user', alice.userId, '--parent', c.id, '--sort', 'position', '--json'))).to.deep.equal(['B', 'A']);
      expect(await move(a.id, '--top-level', '--first')).to.include({ parent_id: null });
      expect(await topLevel()).to.deep.equal(['A', 'C']);
    });

    it('refuses a cycle and a fifth level with exit 4 naming parent_id, and a move nowhere with exit 2', async () => {
      const levels = [await alice.createTask('Level 1')];
      for (let level = 2; level <= 4; level++) {
        levels.push((await alice.request('POST', '/api/tasks', { body: { title: `Level ${level}`, parent_id: levels.at(-1)!.id } })).body);
      }
      const overHttp = await alice.request('POST', '/api/tasks', { body: { title: 'Level 5', parent_id: levels[3]!.id } });
      expect(overHttp.status).to.equal(422);
      const [issue] = overHttp.body.errors;

      const tooDeep = await cli.run('tasks', 'create', '--user', alice.userId, '--title', 'Level 5', '--parent', levels[3]!.id);
      expect(tooDeep).to.deep.equal({ code: 4, stdout: '', stderr: `error: ${issue.path}: ${issue.message}\n` });
      const cycle = await cli.run('tasks', 'move', '--user', alice.userId, '--id', levels[0]!.id, '--parent', levels[2]!.id, '--last');
      expect(cycle).to.deep.equal({
        code: 4,
        stdout: '',
        stderr: 'error: parent_id: A task cannot become a subtask of itself or of one of its own subtasks\n',
      });

      const id = ['--user', alice.userId, '--id', levels[1]!.id];
      for (const flags of [[], ['--first', '--last'], ['--after', levels[0]!.id, '--before', levels[2]!.id], ['--last', '--parent', levels[0]!.id, '--top-level']]) {
        const result = await cli.run('tasks', 'move', ...id, ...flags);
        expect(result.code, flags.join(' ')).to.equal(2);
        expect(result.stderr, flags.join(' ')).to.match(/^error: (Say where the task goes|Give either --parent or --top-level)/);
      }
      const notASibling = await cli.run('tasks', 'move', ...id, '--after', levels[3]!.id);
      expect(notASibling.code).to.equal(4);
      expect(notASibling.stderr).to.match(/^error: after_id: /);
    });

    it('exits 3 for a parent or a task to move that is not the user’s', async () => {
      const bobsTask = await (await service.as(TestService.newUserId('bob'))).createTask('Bob’s');
      const mine = await alice.createTask('Mine');

      const attempts = await Promise.all([
        cli.run('tasks', 'create', '--user', alice.userId, '--title', 'Under Bob’s', '--parent', bobsTask.id),
        cli.run('tasks', 'move', '--user', alice.userId, '--id', mine.id, '--parent', bobsTask.id, '--first'),
        cli.run('tasks', 'move', '--user', alice.userId, '--id', bobsTask.id, '--first'),
      ]);

      for (const attempt of attempts) expect(attempt).to.deep.equal({ code: 3, stdout: '', stderr: 'error: Task not found\n' });
    });
  });

  describe('repeating tasks', () => {
    /** The day after today in `zone`, as the service counts it. */
    const tomorrowIn = (zone: string) => {
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
      const next = new Date(`${today}T00:00:00.000Z`);
      next.setUTCDate(next.getUTCDate() + 1);
      return next.toISOString().slice(0, 10);
    };

    it('creates, shows and changes a repeat, and completes a repeating task onto its next date, as HTTP does', async () => {
      const created = await cli.json(
        'tasks', 'create', '--user', alice.userId, '--title', 'Water the plants', '--due', '2099-03-02', '--repeat', 'rrule:freq=weekly;byday=mo', '--json',
      );
      expect(created).to.include({ due_date: '2099-03-02', repeat: 'FREQ=WEEKLY;BYDAY=MO', repeat_from: 'due', version: 1 });
      expect((await alice.request('GET', `/api/tasks/${created.id}`)).body).to.deep.equal(created);
      const id = ['--user', alice.userId, '--id', created.id, '--json'];

      // Completing it moves it on to the next Monday, and it stays pending: once per call.
      expect(await cli.json('tasks', 'complete', ...id)).to.include({ completed: false, completed_at: null, due_date: '2099-03-09', version: 2 });
      const again = await cli.json('tasks', 'complete', ...id);
      expect(again).to.include({ completed: false, due_date: '2099-03-16', version: 3 });
      expect((await alice.request('GET', `/api/tasks/${created.id}`)).body).to.deep.equal(again);
      const changes = (await alice.request('GET', '/api/tasks/changes')).body.changes.map((change: any) => change.type);
      expect(changes.slice(-2)).to.deep.equal(['task.repeated', 'task.repeated']);

      const shown = await cli.run('tasks', 'show', '--user', alice.userId, '--id', created.id);
      expect(shown.stdout).to.match(/^repeat\s+FREQ=WEEKLY;BYDAY=MO$/m).and.match(/^repeat_from\s+due$/m);

      expect(await cli.json('tasks', 'update', ...id, '--repeat', 'FREQ=MONTHLY;INTERVAL=1', '--repeat-from', 'completion')).to.include({
        repeat: 'FREQ=MONTHLY',
        repeat_from: 'completion',
        version: 4,
      });
      expect(await cli.json('tasks', 'update', ...id, '--no-repeat')).to.include({ repeat: null, due_date: '2099-03-16', version: 5 });
      const plain = await cli.run('tasks', 'show', '--user', alice.userId, '--id', created.id);
      expect(plain.stdout).to.match(/^repeat\s+-$/m);
      // Completing it now closes it.
      expect(await cli.json('tasks', 'complete', ...id)).to.include({ completed: true, version: 6 });
    });

    it('counts "today" in --tz: an overdue daily task lands on the day after today there', async () => {
      for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
        const task = await cli.json('tasks', 'create', '--user', alice.userId, '--title', `Vitamins ${zone}`, '--due', '2020-01-06', '--repeat', 'FREQ=DAILY', '--json');
        const expected = tomorrowIn(zone);
        const completed = await cli.json('tasks', 'complete', '--user', alice.userId, '--id', task.id, '--tz', zone, '--json');
        expect(completed, zone).to.include({ completed: false, due_date: expected });
      }
      // Fourteen hours ahead of UTC and eleven behind: never the same day.
      expect(tomorrowIn('Pacific/Kiritimati')).to.not.equal(tomorrowIn('Pacific/Pago_Pago'));

      const task = await alice.request('POST', '/api/tasks', { body: { title: 'Elsewhere', due_date: '2020-01-06', repeat: 'FREQ=DAILY' } });
      const refused = await cli.run('tasks', 'complete', '--user', alice.userId, '--id', task.body.id, '--tz', 'Mars/Olympus_Mons');
      const detail = (await alice.request('GET', '/api/tasks?overdue=true&tz=Mars/Olympus_Mons')).body.detail;
      expect(refused).to.deep.equal({ code: 2, stdout: '', stderr: `error: ${detail}\n` });
      expect((await alice.request('GET', `/api/tasks/${task.body.id}`)).body).to.deep.equal(task.body);
    });

    it('lists only the tasks that repeat with --repeating, and only the others with --no-repeating', async () => {
      const weekly = await alice.request('POST', '/api/tasks', { body: { title: 'Weekly', due_date: '2099-01-05', repeat: 'FREQ=WEEKLY' } });
      const once = await alice.request('POST', '/api/tasks', { body: { title: 'Once', due_date: '2099-01-05' } });
      const list = (...flags: string[]) => cli.json('tasks', 'list', '--user', alice.userId, ...flags, '--json');

      expect((await list('--repeating')).items.map((task: any) => task.id)).to.deep.equal([weekly.body.id]);
      expect((await list('--no-repeating')).items.map((task: any) => task.id)).to.deep.equal([once.body.id]);
      expect((await list()).items).to.have.length(2);
      expect(await list('--repeating')).to.deep.equal((await alice.request('GET', '/api/tasks?repeating=true')).body);
    });

    it('refuses a rule HTTP refuses, and a repeat without a due date, with exit 4 naming repeat as HTTP’s 422', async () => {
      for (const [flags, body] of [
        [['--due', '2099-01-05', '--repeat', 'FREQ=HOURLY'], { due_date: '2099-01-05', repeat: 'FREQ=HOURLY' }],
        [['--due', '2099-01-05', '--repeat', 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30'], { due_date: '2099-01-05', repeat: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' }],
        [['--repeat', 'FREQ=DAILY'], { repeat: 'FREQ=DAILY' }],
        [['--due', '2099-01-05', '--repeat', 'FREQ=DAILY', '--repeat-from', 'done'], { due_date: '2099-01-05', repeat: 'FREQ=DAILY', repeat_from: 'done' }],
      ] as const) {
        const overHttp = await alice.request('POST', '/api/tasks', { body: { title: 'x', ...body } });
        expect(overHttp.status, JSON.stringify(body)).to.equal(422);
        const expected = overHttp.body.errors.map((issue: any) => `${issue.path}: ${issue.message}`).join('; ');
        expect(expected).to.match(/^repeat/);

        const created = await cli.run('tasks', 'create', '--user', alice.userId, '--title', 'x', ...flags);
        expect(created, JSON.stringify(body)).to.deep.equal({ code: 4, stdout: '', stderr: `error: ${expected}\n` });
      }
      const dated = await alice.createTask('Dated');
      const refused = await cli.run('tasks', 'update', '--user', alice.userId, '--id', dated.id, '--repeat', 'FREQ=WEEKLY');
      expect(refused.code).to.equal(4);
      expect(refused.stderr).to.match(/^error: repeat: /);
      expect((await alice.request('GET', '/api/tasks')).body.items).to.deep.equal([dated]);
    });
  });

  it('updates, completes, reopens and deletes through the same commands as HTTP', async () => {
    const task = await alice.createTask('Draft', 'notes');
    const id = ['--user', alice.userId, '--id', task.id, '--json'];

    expect(await cli.json('tasks', 'update', ...id, '--title', 'Final')).to.include({ title: 'Final', description: 'notes', version: 2 });
    expect(await cli.json('tasks', 'update', ...id, '--no-description')).to.include({ title: 'Final', description: null, version: 3 });
    const completed = await cli.json('tasks', 'complete', ...id);
    expect(completed).to.include({ completed: true, version: 4 });
    expect(completed.completed_at).to.be.a('string');
    expect(await cli.json('tasks', 'reopen', ...id)).to.include({ completed: false, completed_at: null, version: 5 });

    const deleted = await cli.run('tasks', 'delete', '--user', alice.userId, '--id', task.id);
    expect(deleted).to.deep.include({ code: 0, stdout: `Deleted task ${task.id}.\n`, stderr: '' });
    expect((await alice.request('GET', `/api/tasks/${task.id}`)).status).to.equal(404);
  });

  it('exits 3 for a task that does not exist, is malformed, or belongs to someone else — one message for all', async () => {
    const bobsTask = await (await service.as(TestService.newUserId('bob'))).createTask('Bob’s');
    const attempts = await Promise.all([
      cli.run('tasks', 'show', '--user', alice.userId, '--id', '01935f0e-7b7c-7cc2-9f1e-2a0c8f4f8f11'),
      cli.run('tasks', 'show', '--user', alice.userId, '--id', 'not-a-uuid'),
      cli.run('tasks', 'show', '--user', alice.userId, '--id', bobsTask.id),
      cli.run('tasks', 'complete', '--user', alice.userId, '--id', bobsTask.id),
      cli.run('tasks', 'delete', '--user', alice.userId, '--id', bobsTask.id),
    ]);

    for (const attempt of attempts) expect(attempt).to.deep.equal({ code: 3, stdout: '', stderr: 'error: Task not found\n' });
    expect((await service.request('GET', `/api/tasks/${bobsTask.id}`, { token: await service.tokenFor(bobsTask.user_id) })).body).to.deep.equal(bobsTask);
  });

  it('rejects a 201-character title with exit 4 and the message HTTP gives in its 422', async () => {
    const title = 'x'.repeat(201);
    const overHttp = await alice.request('POST', '/api/tasks', { body: { title } });
    expect(overHttp.status).to.equal(422);
    const [issue] = overHttp.body.errors;

    const created = await cli.run('tasks', 'create', '--user', alice.userId, '--title', title);
    expect(created).to.deep.equal({ code: 4, stdout: '', stderr: `error: ${issue.path}: ${issue.message}\n` });

    const task = await alice.createTask('Short');
    const updated = await cli.run('tasks', 'update', '--user', alice.userId, '--id', task.id, '--title', title);
    expect(updated).to.deep.equal({ code: 4, stdout: '', stderr: `error: ${issue.path}: ${issue.message}\n` });
    expect((await alice.request('GET', '/api/tasks')).body.items).to.deep.equal([task]);
  });

  it('reports every invalid field at once, as HTTP does', async () => {
    const overHttp = await alice.request('POST', '/api/tasks', { body: { title: '   ', description: 'd'.repeat(1001) } });
    const expected = overHttp.body.errors.map((issue: any) => `${issue.path}: ${issue.message}`).join('; ');

    const created = await cli.run('tasks', 'create', '--user', alice.userId, '--title', '   ', '--description', 'd'.repeat(1001));

    expect(created).to.deep.equal({ code: 4, stdout: '', stderr: `error: ${expected}\n` });
  });

  it('refuses a bad list filter with exit 2 and HTTP’s wording', async () => {
    const overHttp = await alice.request('GET', '/api/tasks?status=done');
    expect(overHttp.status).to.equal(400);

    const listed = await cli.run('tasks', 'list', '--user', alice.userId, '--status', 'done');

    expect(listed).to.deep.equal({ code: 2, stdout: '', stderr: `error: ${overHttp.body.detail}\n` });
  });

  it('shows control characters and direction overrides escaped instead of sending them to the terminal', async () => {
    const task = await alice.createTask('Report \u202egnp.exe', 'Line one\nBell\u0007 and \u001b[31mred\u001b[0m');

    const [shown, listed] = await Promise.all([
      cli.run('tasks', 'show', '--user', alice.userId, '--id', task.id),
      cli.run('tasks', 'list', '--user', alice.userId),
    ]);

    expect(shown.stdout).to.match(/^title\s+Report \\u202egnp\.exe$/m);
    expect(shown.stdout).to.match(/^description\s+Line one\\nBell\\u0007 and \\u001b\[31mred\\u001b\[0m$/m);
    expect(listed.stdout).to.match(/\s+Report \\u202egnp\.exe$/m);
    for (const output of [shown.stdout, listed.stdout]) expect(output).to.not.match(/[\u0007\u001b\u202e]/);
  });
});
