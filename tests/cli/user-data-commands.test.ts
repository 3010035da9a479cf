/** `stats`, `export`, `import`, `purge` and `compact`: users' data as a whole, checked in PostgreSQL and over HTTP. */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { AdminCli } from '../support/built-cli.js';
import { testDatabaseUrl } from '../support/test-database.js';
import { TestService, type UserClient } from '../support/test-service.js';

describe('CLI: stats, export, import, purge and compact', function () {
  this.timeout(120_000);
  let cli: AdminCli;
  let service: TestService;
  let sql: pg.Client;
  let alice: UserClient;

  before(async () => {
    [cli, service] = await Promise.all([AdminCli.start(), TestService.start()]);
    sql = new pg.Client({ connectionString: await testDatabaseUrl() });
    await sql.connect();
  });
  after(async () => {
    await Promise.all([cli.stop(), service.stop(), sql.end()]);
  });
  beforeEach(async () => {
    alice = await service.as(TestService.newUserId('alice'));
  });

  /** Alice's three tasks in different states: pending, described and renamed (and given a due date and priority), completed. */
  async function seedTasks(client: UserClient = alice): Promise<any[]> {
    await client.createTask('Plain');
    const described = await client.createTask('Draft', 'with notes');
    await client.request('PATCH', `/api/tasks/${described.id}`, { body: { title: 'Renamed', due_date: '2026-12-24', priority: 'high' } });
    const done = await client.createTask('Done');
    await client.request('PATCH', `/api/tasks/${done.id}/complete`);
    return (await client.request('GET', '/api/tasks?sort=created_at&order=asc')).body.items;
  }

  /** The user's tasks over HTTP in manual order, each indented under its parent. */
  async function outlineOf(client: UserClient, parentId: string | null = null, indent = ''): Promise<string[]> {
    const level = parentId === null ? 'top_level=true' : `parent_id=${parentId}`;
    const { items } = (await client.request('GET', `/api/tasks?sort=position&${level}`)).body;
    const lines: string[] = [];
    for (const task of items) lines.push(`${indent}${task.title}`, ...(await outlineOf(client, task.id, `${indent}  `)));
    return lines;
  }

  /** The user's lists over HTTP in their order, each with its tasks in manual order, subtasks indented. */
  async function listOutlineOf(client: UserClient): Promise<string[]> {
    const lists = (await client.request('GET', '/api/lists')).body.items;
    const tasks = (await client.request('GET', '/api/tasks?limit=100')).body.items;
    const under = (listId: string, parentId: string | null, indent: string): string[] =>
      tasks
        .filter((task: any) => task.list_id === listId && task.parent_id === parentId)
        .sort((a: any, b: any) => (a.position < b.position ? -1 : 1))
        .flatMap((task: any) => [`${indent}${task.title}`, ...under(listId, task.id, `${indent}  `)]);
    return lists.map((list: any) => `${list.name}: ${under(list.id, null, '').join(', ')}`);
  }

  const eventsOf = async (userId: string) =>
    (await sql.query('select seq::int, type, task_id, task from task_events where user_id = $1 order by seq', [userId])).rows;
  const streamOf = async (userId: string) =>
    (await sql.query('select last_seq::int, erased_through::int from task_event_streams where user_id = $1', [userId])).rows;

  describe('stats', () => {
    it('counts one user’s tasks, and every user’s with totals', async () => {
      await seedTasks();
      const bob = await service.as(TestService.newUserId('bob'));
      await bob.createTask('Bob’s');

      expect(await cli.json('stats', '--user', alice.userId, '--json')).to.deep.equal({
        users: [{ user_id: alice.userId, total: 3, pending: 2, completed: 1 }],
        totals: { users: 1, total: 3, pending: 2, completed: 1 },
      });

      const everyone = await cli.json('stats', '--json');
      expect(everyone.users).to.deep.include({ user_id: bob.userId, total: 1, pending: 1, completed: 0 });
      expect(everyone.users.map((user: any) => user.user_id)).to.include(alice.userId);
      const sums = everyone.users.reduce((sum: any, user: any) => ({ total: sum.total + user.total, completed: sum.completed + user.completed }), { total: 0, completed: 0 });
      expect(everyone.totals).to.include({ users: everyone.users.length, total: sums.total, completed: sums.completed });

      const table = await cli.run('stats', '--user', alice.userId);
      expect(table.stdout).to.match(/^USER\s+TOTAL\s+PENDING\s+COMPLETED\n/);
      expect(table.stdout).to.match(new RegExp(`^${alice.userId}\\s+3\\s+2\\s+1$`, 'm'));
      expect(table.stdout).to.match(/^\(1 user\)\s+3\s+2\s+1\n$/m);
    });

    it('exits 3 for a user the service has never seen', async () => {
      expect(await cli.run('stats', '--user', alice.userId)).to.deep.equal({
        code: 3,
        stdout: '',
        stderr: `error: No tasks or events for user '${alice.userId}'\n`,
      });
    });
  });

  describe('export → purge → import', () => {
    it('restores identical tasks — ids, fields, completion, timestamps and versions — with one task.created each', async () => {
      const tasks = await seedTasks();
      const file = path.join(cli.workDir, `${alice.userId}.json`);

      const exported = await cli.run('export', '--user', alice.userId, '--out', file);
      expect(exported).to.deep.equal({ code: 0, stdout: `Exported 3 tasks in 1 list of user '${alice.userId}' to ${file}.\n`, stderr: '' });
      expect((await stat(file)).mode & 0o777).to.equal(0o600);
      const document = JSON.parse(await readFile(file, 'utf8'));
      expect(document).to.include({ format: 'tasks-api/export', format_version: 5, user_id: alice.userId });
      expect(document.lists).to.deep.equal((await alice.request('GET', '/api/lists')).body.items);
      expect(document.tasks).to.deep.equal(tasks);
      expect(document.tasks.map((task: any) => [task.title, task.due_date, task.priority])).to.deep.include(['Renamed', '2026-12-24', 'high']);

      const purged = await cli.json('purge', '--user', alice.userId, '--yes', '--json');
      // Her inbox and its list.created went too.
      expect(purged).to.deep.equal({ user_id: alice.userId, tasks: 3, lists: 1, events: 6, erased: true });
      expect((await alice.request('GET', '/api/tasks')).body.items).to.deep.equal([]);
      expect(await eventsOf(alice.userId)).to.deep.equal([]);
      expect(await streamOf(alice.userId)).to.deep.equal([{ last_seq: 6, erased_through: 6 }]);

      const imported = await cli.run('import', '--user', alice.userId, file);
      expect(imported).to.deep.equal({ code: 0, stdout: `Imported 3 tasks for user '${alice.userId}'.\n`, stderr: '' });
      // The purge took the inbox too: the tasks come back into a new one (seq 7), made by the import.
      const restored = (await alice.request('GET', '/api/tasks?sort=created_at&order=asc')).body.items;
      const inbox = restored[0].list_id;
      expect(inbox).to.not.equal(tasks[0].list_id);
      expect(restored).to.deep.equal(tasks.map((task) => ({ ...task, list_id: inbox })));
      const events = (await eventsOf(alice.userId)).filter((event) => event.task_id !== null);
      expect(events.map(({ seq, type, task_id }) => ({ seq, type, task_id }))).to.deep.equal(
        tasks.map((task, index) => ({ seq: 6 + index + 2, type: 'task.created', task_id: task.id })),
      );
      expect(events.map((event) => event.task)).to.deep.equal(restored);
    });

    it('carries repeats through: the rule with what is left of its COUNT, and what it counts from', async () => {
      const weekly = (await alice.request('POST', '/api/tasks', { body: { title: 'Water the plants', due_date: '2026-12-07', repeat: 'FREQ=WEEKLY;BYDAY=MO' } })).body;
      const counted = (await alice.request('POST', '/api/tasks', {
        body: { title: 'Three lessons', due_date: '2026-12-01', repeat: 'FREQ=WEEKLY;COUNT=3', repeat_from: 'completion' },
      })).body;
      await alice.request('PATCH', `/api/tasks/${counted.id}/complete`);
      await alice.createTask('Once');
      const tasks = (await alice.request('GET', '/api/tasks?sort=created_at&order=asc')).body.items;
      expect(tasks.map((task: any) => [task.title, task.repeat, task.repeat_from])).to.deep.equal([
        ['Water the plants', 'FREQ=WEEKLY;BYDAY=MO', 'due'],
        ['Three lessons', 'FREQ=WEEKLY;COUNT=2', 'completion'],
        ['Once', null, 'due'],
      ]);
      expect(weekly.id).to.equal(tasks[0].id);
      const file = path.join(cli.workDir, `${alice.userId}-repeats.json`);

      expect(await cli.run('export', '--user', alice.userId, '--out', file)).to.deep.include({ code: 0, stderr: '' });
      const document = JSON.parse(await readFile(file, 'utf8'));
      expect(document.format_version).to.equal(5);
      expect(document.tasks).to.deep.equal(tasks);

      expect(await cli.json('purge', '--user', alice.userId, '--yes', '--json')).to.include({ erased: true });
      expect(await cli.run('import', '--user', alice.userId, file)).to.deep.include({ code: 0, stderr: '' });
      const restored = (await alice.request('GET', '/api/tasks?sort=created_at&order=asc')).body.items;
      expect(restored).to.deep.equal(tasks.map((task: any) => ({ ...task, list_id: restored[0].list_id })));
      expect((await alice.request('GET', '/api/tasks?repeating=true&sort=created_at&order=asc')).body.items.map((task: any) => task.id)).to.deep.equal(
        [tasks[0].id, tasks[1].id],
      );

      // The rule goes on where it stopped: two lessons left, so the next completion moves it on, the one after closes it.
      const next = (await alice.request('PATCH', `/api/tasks/${counted.id}/complete`)).body;
      expect(next).to.include({ completed: false, repeat: 'FREQ=WEEKLY;COUNT=1' });
      expect((await alice.request('PATCH', `/api/tasks/${counted.id}/complete`)).body).to.include({ completed: true, repeat: 'FREQ=WEEKLY;COUNT=1' });
    });

    it('imports a file of format version 4, from before repeats: its tasks do not repeat', async () => {
      const file = path.join(cli.workDir, 'version-4.json');
      const task = { id: randomUUID(), title: 'From version 4', due_date: '2026-12-07', priority: 'low', labels: ['home'] };
      await writeFile(file, JSON.stringify({ format: 'tasks-api/export', format_version: 4, user_id: alice.userId, lists: [], tasks: [task] }));

      expect(await cli.run('import', '--user', alice.userId, file)).to.deep.include({ code: 0, stderr: '' });
      expect((await alice.request('GET', `/api/tasks/${task.id}`)).body).to.include({ title: 'From version 4', due_date: '2026-12-07', repeat: null, repeat_from: 'due' });
    });

    it('exports to stdout, and imports from stdin into another user when told to, giving taken ids new ones', async () => {
      const tasks = await seedTasks();
      const bob = await service.as(TestService.newUserId('bob'));
      const exported = await cli.run('export', '--user', alice.userId);
      expect(exported.code).to.equal(0);

      const refused = await cli.runWithInput(exported.stdout, 'import', '--user', bob.userId, '-');
      expect(refused).to.deep.equal({
        code: 4,
        stdout: '',
        stderr: `error: The file holds the tasks of user '${alice.userId}', not '${bob.userId}'; pass --allow-other-user to import them anyway\n`,
      });

      const report = JSON.parse((await cli.runWithInput(exported.stdout, 'import', '--user', bob.userId, '--allow-other-user', '--json', '-')).stdout);
      expect(report.imported).to.equal(3);
      expect(report.reassigned.map((change: any) => change.from)).to.deep.equal(tasks.map((task) => task.id));
      const bobs = (await bob.request('GET', '/api/tasks?sort=created_at&order=asc')).body.items;
      expect(bobs.map((task: any) => task.id)).to.deep.equal(report.reassigned.map((change: any) => change.to));
      // Alice's inbox is Bob's inbox.
      const bobsInbox = (await bob.request('GET', '/api/lists/inbox')).body;
      expect(report.lists).to.deep.equal([{ name: 'Inbox', id: bobsInbox.id, created: false }]);
      expect(bobs.map(({ id: _id, user_id: _user, ...rest }: any) => rest)).to.deep.equal(
        tasks.map(({ id: _id, user_id: _user, ...rest }) => ({ ...rest, list_id: bobsInbox.id })),
      );
      expect((await alice.request('GET', '/api/tasks?sort=created_at&order=asc')).body.items).to.deep.equal(tasks);
    });

    it('carries subtasks and manual order into another user, beside the tasks that user has', async () => {
      const create = async (client: UserClient, title: string, parentId?: string) =>
        (await client.request('POST', '/api/tasks', { body: { title, ...(parentId && { parent_id: parentId }) } })).body;
      const errands = await create(alice, 'Errands');
      const work = await create(alice, 'Work');
      const milk = await create(alice, 'Milk', errands.id);
      const bread = await create(alice, 'Bread', errands.id);
      await create(alice, 'Wholemeal', bread.id);
      await alice.request('POST', `/api/tasks/${work.id}/move`, { body: { after_id: null } });
      await alice.request('POST', `/api/tasks/${bread.id}/move`, { body: { before_id: milk.id } });
      const bob = await service.as(TestService.newUserId('bob'));
      await bob.createTask('Bob’s own');

      const exported = await cli.run('export', '--user', alice.userId);
      const document = JSON.parse(exported.stdout);
      expect(document.tasks.find((task: any) => task.id === milk.id)).to.include({ parent_id: errands.id, position: milk.position });
      const imported = await cli.runWithInput(exported.stdout, 'import', '--user', bob.userId, '--allow-other-user', '-');
      expect(imported).to.deep.include({ code: 0, stderr: '' });

      const outline = ['Work', 'Errands', '  Bread', '    Wholemeal', '  Milk'];
      expect(await outlineOf(alice)).to.deep.equal(outline);
      expect(await outlineOf(bob)).to.deep.equal(['Bob’s own', ...outline]);
    });

    it('carries lists, with each list’s hierarchy and order, into another user: into a list of the same name, or a new one', async () => {
      const post = async (client: UserClient, path: string, body: object) => (await client.request('POST', path, { body })).body;
      const home = await post(alice, '/api/lists', { name: 'Home' });
      const work = await post(alice, '/api/lists', { name: 'Work' });
      await alice.request('POST', `/api/lists/${work.id}/move`, { body: { after_id: null } });
      const sweep = await post(alice, '/api/tasks', { title: 'Sweep', list_id: home.id });
      await post(alice, '/api/tasks', { title: 'Kitchen', parent_id: sweep.id });
      const dishes = await post(alice, '/api/tasks', { title: 'Dishes', list_id: home.id });
      await alice.request('POST', `/api/tasks/${dishes.id}/move`, { body: { after_id: null } });
      await post(alice, '/api/tasks', { title: 'Report', list_id: work.id });
      await alice.createTask('Errand');
      const bob = await service.as(TestService.newUserId('bob'));
      const bobsHome = await post(bob, '/api/lists', { name: 'HOME' });
      await post(bob, '/api/tasks', { title: 'Bob’s own', list_id: bobsHome.id });

      const exported = await cli.run('export', '--user', alice.userId);
      const document = JSON.parse(exported.stdout);
      expect(document.lists.map((list: any) => list.name)).to.deep.equal(['Work', 'Inbox', 'Home']);
      expect(document.tasks.find((task: any) => task.title === 'Report')).to.include({ list_id: work.id });
      const imported = await cli.runWithInput(exported.stdout, 'import', '--user', bob.userId, '--allow-other-user', '-');
      expect(imported.code, imported.stderr).to.equal(0);
      const bobsWork = (await bob.request('GET', '/api/lists')).body.items.find((list: any) => list.name === 'Work');
      // After the ids that were taken (all of them: Alice has them), the one list that was made.
      const lines = imported.stdout.trimEnd().split('\n');
      expect([lines[0], lines.at(-1)]).to.deep.equal([`Imported 5 tasks for user '${bob.userId}'.`, `  new list Work: ${bobsWork.id}`]);

      expect(await listOutlineOf(alice)).to.deep.equal(['Work: Report', 'Inbox: Errand', 'Home: Dishes, Sweep,   Kitchen']);
      expect(await listOutlineOf(bob)).to.deep.equal(['Inbox: Errand', 'HOME: Bob’s own, Dishes, Sweep,   Kitchen', 'Work: Report']);
    });

    it('exits 3 exporting or purging a user the service has never seen', async () => {
      const [exported, previewed, purged] = await Promise.all([
        cli.run('export', '--user', alice.userId),
        cli.run('purge', '--user', alice.userId),
        cli.run('purge', '--user', alice.userId, '--yes'),
      ]);
      const unknown = { code: 3, stdout: '', stderr: `error: No tasks or events for user '${alice.userId}'\n` };
      expect(exported).to.deep.equal(unknown);
      expect(previewed).to.deep.equal(unknown);
      expect(purged).to.deep.equal(unknown);
    });
  });

  describe('import', () => {
    it('imports nothing when one record is invalid, naming each bad field with its place in the file', async () => {
      const before = await seedTasks();
      const eventsBefore = await eventsOf(alice.userId);
      const file = path.join(cli.workDir, 'bad-import.json');
      await writeFile(
        file,
        JSON.stringify({
          tasks: [
            { title: 'Good one' },
            { title: 'x'.repeat(201) },
            { title: 'Bad time', created_at: 'yesterday' },
          ],
        }),
      );

      const result = await cli.run('import', '--user', alice.userId, file);

      expect(result).to.deep.equal({
        code: 4,
        stdout: '',
        stderr:
          'error: tasks[1].title: Title must be at most 200 characters; ' +
          'tasks[2].created_at: created_at must be an ISO 8601 date-time with an offset, e.g. 2026-11-25T10:00:00.000Z\n',
      });
      expect((await alice.request('GET', '/api/tasks?sort=created_at&order=asc')).body.items).to.deep.equal(before);
      expect(await eventsOf(alice.userId)).to.deep.equal(eventsBefore);
    });

    it('imports a file exported before tasks had due dates and priorities, giving its tasks neither', async () => {
      const file = path.join(cli.workDir, 'version-1.json');
      const task = {
        id: randomUUID(), user_id: alice.userId, title: 'From version 1', description: null, completed: false, completed_at: null,
        created_at: '2026-11-25T10:00:00.000Z', updated_at: '2026-11-25T10:00:00.000Z', version: 2,
      };
      await writeFile(file, JSON.stringify({ format: 'tasks-api/export', format_version: 1, user_id: alice.userId, exported_at: '2026-11-26T00:00:00.000Z', tasks: [task] }));

      expect(await cli.run('import', '--user', alice.userId, file)).to.deep.include({ code: 0, stderr: '' });

      const imported = (await alice.request('GET', `/api/tasks/${task.id}`)).body;
      expect(imported.position).to.be.a('string');
      // On the inbox's top level, wherever the import put it, without labels, not repeating.
      const inbox = (await alice.request('GET', '/api/lists/inbox')).body;
      expect(imported).to.deep.equal({
        ...task,
        due_date: null,
        priority: 'none',
        list_id: inbox.id,
        parent_id: null,
        position: imported.position,
        labels: [],
        repeat: null,
        repeat_from: 'due',
      });
    });

    it('imports a repeat the API refuses as a bad record, naming repeat, and nothing else', async () => {
      const file = path.join(cli.workDir, 'bad-repeats.json');
      await writeFile(
        file,
        JSON.stringify({
          format: 'tasks-api/export',
          format_version: 5,
          tasks: [
            { title: 'Fine', due_date: '2026-12-07', repeat: 'FREQ=WEEKLY' },
            { title: 'Undated', repeat: 'FREQ=DAILY' },
            { title: 'Hourly', due_date: '2026-12-07', repeat: 'FREQ=HOURLY' },
            { title: 'Whenever', due_date: '2026-12-07', repeat: 'FREQ=DAILY', repeat_from: 'sometime' },
            { title: 'Numbered', repeat: 7 },
          ],
        }),
      );

      const shape = await cli.run('import', '--user', alice.userId, file);
      expect(shape).to.deep.equal({ code: 4, stdout: '', stderr: 'error: tasks[4].repeat: repeat must be a string (an RRULE) or null\n' });

      const document = JSON.parse(await readFile(file, 'utf8'));
      await writeFile(file, JSON.stringify({ ...document, tasks: document.tasks.slice(0, 4) }));
      const values = await cli.run('import', '--user', alice.userId, file);
      expect(values.code).to.equal(4);
      const problems = values.stderr.replace(/^error: /, '').trimEnd().split('; ');
      expect(problems.map((problem) => problem.split(':')[0])).to.deep.equal(['tasks[1].repeat', 'tasks[2].repeat', 'tasks[3].repeat_from']);
      expect((await alice.request('GET', '/api/tasks')).body.items).to.deep.equal([]);
    });

    it('exits 4 for a file that is not an export, saying where', async () => {
      const file = path.join(cli.workDir, 'not-an-export.json');
      await writeFile(file, JSON.stringify({ tasks: [{ title: 42 }, { description: 'no title' }] }));
      const broken = path.join(cli.workDir, 'broken.json');
      await writeFile(broken, '{"tasks": [');

      const [wrongShape, notJson] = await Promise.all([cli.run('import', '--user', alice.userId, file), cli.run('import', '--user', alice.userId, broken)]);

      expect(wrongShape).to.deep.equal({
        code: 4,
        stdout: '',
        stderr: 'error: tasks[0].title: title must be a string; tasks[1].title: title must be a string\n',
      });
      expect(notJson.code).to.equal(4);
      expect(notJson.stderr).to.match(/^error: The file is not valid JSON: .+\n$/);
    });
  });

  describe('purge', () => {
    it('without --yes only says what would go, and changes nothing', async () => {
      const tasks = await seedTasks();
      const events = await eventsOf(alice.userId);

      const preview = await cli.run('purge', '--user', alice.userId);

      expect(preview).to.deep.equal({
        code: 0,
        stdout: `Would erase 3 tasks, 1 list and 6 events of user '${alice.userId}'. Nothing was changed; run again with --yes to erase.\n`,
        stderr: '',
      });
      expect((await alice.request('GET', '/api/tasks?sort=created_at&order=asc')).body.items).to.deep.equal(tasks);
      expect(await eventsOf(alice.userId)).to.deep.equal(events);
      expect(await streamOf(alice.userId)).to.deep.equal([{ last_seq: 6, erased_through: 0 }]);
    });

    it('erases only the named user: other users keep their tasks and events', async () => {
      await seedTasks();
      const retried = { body: { title: 'Sent twice' }, headers: { 'Idempotency-Key': 'retry-1' } };
      const first = await alice.request('POST', '/api/tasks', retried);
      const bob = await service.as(TestService.newUserId('bob'));
      const bobsTasks = await seedTasks(bob);
      const bobsEvents = await eventsOf(bob.userId);

      expect(await cli.run('purge', '--user', alice.userId, '--yes')).to.deep.equal({
        code: 0,
        stdout: `Erased 4 tasks, 1 list and 7 events of user '${alice.userId}'.\n`,
        stderr: '',
      });
      // The saved answer to the retried request held the task too: it is gone, so the retry runs afresh.
      const again = await alice.request('POST', '/api/tasks', retried);
      expect(again.status).to.equal(201);
      expect(again.body.id).to.not.equal(first.body.id);

      expect((await bob.request('GET', '/api/tasks?sort=created_at&order=asc')).body.items).to.deep.equal(bobsTasks);
      expect(await eventsOf(bob.userId)).to.deep.equal(bobsEvents);
      const next = await alice.createTask('After the purge');
      expect((await eventsOf(alice.userId)).map((event) => [event.seq, event.task_id])).to.deep.equal([
        // Numbering goes on after the 7 erased events: a new inbox, then the tasks.
        [8, null],
        [9, again.body.id],
        [10, next.id],
      ]);
    });
  });

  describe('compact', () => {
    it('with --dry-run says what would go and changes nothing; without, compacts like the server', async () => {
      const done = (await seedTasks()).at(-1);
      // More changes than tasks: enough of the log no longer matters for compaction to take it up.
      await alice.request('PATCH', `/api/tasks/${done.id}/complete`);
      await alice.request('PATCH', `/api/tasks/${done.id}/complete`);
      const tasks = (await alice.request('GET', '/api/tasks?sort=created_at&order=asc')).body.items;
      await sql.query(`update task_events set occurred_at = occurred_at - interval '31 days' where user_id = $1`, [alice.userId]);
      const events = await eventsOf(alice.userId);
      const { body: synced } = await alice.request('GET', '/api/tasks/changes');

      const preview = await cli.run('compact', '--dry-run');
      expect(preview.code, preview.stderr).to.equal(0);
      expect(preview.stdout).to.match(
        /^Would remove \d+ changes? older than 30 days \(before \d{4}-\d\d-\d\dT[\d:.]+Z\) from the change logs of \d+ users?, carrying \d+ changes? forward\. Nothing was changed; run again without --dry-run to compact\.\n$/,
      );
      expect(await eventsOf(alice.userId)).to.deep.equal(events);

      const report = await cli.json('compact', '--json');
      expect(report).to.include({ dry_run: false, busy: 0 });
      expect(report.users).to.be.at.least(1);
      // Alice's 8 changes: her inbox's and her 3 tasks' latest ones carried forward, the 4 older ones gone.
      expect((await eventsOf(alice.userId)).map((event) => [event.seq, event.task_id])).to.deep.equal([
        [9, null],
        ...tasks.map((task: any, index: number) => [10 + index, task.id]),
      ]);
      expect((await alice.request('GET', `/api/tasks/changes?since=${synced.next_cursor}`)).status).to.equal(410);
      expect((await alice.request('GET', '/api/tasks?sort=created_at&order=asc')).body.items).to.deep.equal(tasks);

      // Nothing left to do: a second run finds no user of the service's to compact.
      expect(await cli.json('compact', '--json')).to.include({ users: 0, removed: 0, carried: 0 });
    });
  });
});
