/** `tasks-admin lists …` and the `--list` flags of `tasks …` against the real PostgreSQL, checked against HTTP. */
import { expect } from 'chai';
import { AdminCli } from '../support/built-cli.js';
import { TestService, type UserClient } from '../support/test-service.js';

describe('CLI: lists commands', function () {
  this.timeout(180_000);
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

  const listNames = async (client: UserClient = alice) => (await client.request('GET', '/api/lists')).body.items.map((list: any) => list.name);

  it('creates, lists, reorders, renames and deletes lists as HTTP does', async () => {
    const work = await cli.json('lists', 'create', '--user', alice.userId, '--name', '  Work ', '--json');
    expect(work).to.include({ name: 'Work', is_inbox: false, version: 1 });
    expect((await alice.request('GET', `/api/lists/${work.id}`)).body).to.deep.equal(work);
    const home = (await alice.request('POST', '/api/lists', { body: { name: 'Home' } })).body;

    expect(await cli.json('lists', 'list', '--user', alice.userId, '--json')).to.deep.equal((await alice.request('GET', '/api/lists')).body);
    const moved = await cli.json('lists', 'move', '--user', alice.userId, '--id', home.id, '--first', '--json');
    expect(moved).to.include({ id: home.id, version: 2 });
    expect(await listNames()).to.deep.equal(['Home', 'Inbox', 'Work']);
    await cli.json('lists', 'move', '--user', alice.userId, '--id', 'inbox', '--after', work.id, '--json');
    expect(await listNames()).to.deep.equal(['Home', 'Work', 'Inbox']);

    const renamed = await cli.run('lists', 'rename', '--user', alice.userId, '--id', 'inbox', '--to', 'Today');
    expect(renamed.code).to.equal(0);
    expect(renamed.stdout).to.match(/^name\s+Today$/m).and.match(/^is_inbox\s+yes$/m);
    const table = await cli.run('lists', 'list', '--user', alice.userId);
    expect(table.stdout.trimEnd().split('\n').map((line) => line.split(/\s+/).slice(1))).to.deep.equal([
      ['INBOX', 'NAME'],
      ['-', 'Home'],
      ['-', 'Work'],
      ['yes', 'Today'],
    ]);

    const task = (await alice.request('POST', '/api/tasks', { body: { title: 'At work', list_id: work.id } })).body;
    expect(await cli.run('lists', 'delete', '--user', alice.userId, '--id', work.id)).to.deep.equal({
      code: 0,
      stdout: `Deleted list ${work.id} and its tasks.\n`,
      stderr: '',
    });
    expect((await alice.request('GET', `/api/tasks/${task.id}`)).status).to.equal(404);
    expect(await listNames()).to.deep.equal(['Home', 'Today']);
  });

  it('refuses as HTTP does: a taken name and the inbox’s deletion exit 1, a bad name 4, another user’s list 3, a move nowhere 2', async () => {
    const bob = await service.as(TestService.newUserId('bob'));
    const bobs = (await bob.request('POST', '/api/lists', { body: { name: 'Bob’s' } })).body;
    const work = (await alice.request('POST', '/api/lists', { body: { name: 'Work' } })).body;
    const taken = await alice.request('POST', '/api/lists', { body: { name: 'WORK' } });
    const blank = await alice.request('POST', '/api/lists', { body: { name: ' ' } });
    const [issue] = blank.body.errors;

    const [duplicate, invalid, foreign, inbox, nowhere] = await Promise.all([
      cli.run('lists', 'create', '--user', alice.userId, '--name', 'WORK'),
      cli.run('lists', 'create', '--user', alice.userId, '--name', ' '),
      cli.run('lists', 'rename', '--user', alice.userId, '--id', bobs.id, '--to', 'Mine'),
      cli.run('lists', 'delete', '--user', alice.userId, '--id', 'inbox'),
      cli.run('lists', 'move', '--user', alice.userId, '--id', work.id, '--first', '--last'),
    ]);

    expect(taken.status).to.equal(409);
    expect(duplicate).to.deep.equal({ code: 1, stdout: '', stderr: `error: ${taken.body.detail}\n` });
    expect(invalid).to.deep.equal({ code: 4, stdout: '', stderr: `error: ${issue.path}: ${issue.message}\n` });
    expect(foreign).to.deep.equal({ code: 3, stdout: '', stderr: 'error: List not found\n' });
    expect(inbox).to.deep.equal({ code: 1, stdout: '', stderr: 'error: The inbox cannot be deleted\n' });
    expect(nowhere).to.deep.equal({ code: 2, stdout: '', stderr: 'error: Say where the list goes: give one of --after, --before, --first or --last\n' });
    expect(await listNames(bob)).to.deep.equal(['Inbox', 'Bob’s']);
  });

  it('creates a task in a list, and takes it with its subtasks to another by tasks update --list and tasks move --list', async () => {
    const work = (await alice.request('POST', '/api/lists', { body: { name: 'Work' } })).body;
    const listOf = async (id: string) => (await alice.request('GET', `/api/tasks/${id}`)).body.list_id;

    const report = await cli.json('tasks', 'create', '--user', alice.userId, '--title', 'Report', '--list', work.id, '--json');
    expect(report).to.include({ list_id: work.id });
    expect(report).to.deep.equal((await alice.request('GET', `/api/tasks/${report.id}`)).body);
    const draft = await cli.json('tasks', 'create', '--user', alice.userId, '--title', 'Draft', '--parent', report.id, '--json');
    expect(draft).to.include({ list_id: work.id, parent_id: report.id });

    const updated = await cli.json('tasks', 'update', '--user', alice.userId, '--id', report.id, '--list', 'inbox', '--json');
    const inbox = (await alice.request('GET', '/api/lists/inbox')).body;
    expect(updated).to.include({ list_id: inbox.id, version: 2 });
    expect(await listOf(draft.id)).to.equal(inbox.id);

    const other = (await alice.request('POST', '/api/tasks', { body: { title: 'Other', list_id: work.id } })).body;
    const moved = await cli.json('tasks', 'move', '--user', alice.userId, '--id', report.id, '--list', work.id, '--first', '--json');
    expect(moved).to.include({ list_id: work.id, parent_id: null });
    expect(moved.position < other.position).to.equal(true);
    expect(await listOf(draft.id)).to.equal(work.id);
    const shown = await cli.run('tasks', 'show', '--user', alice.userId, '--id', draft.id);
    expect(shown.stdout).to.match(new RegExp(`^list_id\\s+${work.id}$`, 'm'));
  });

  it('lists the tasks of one list with tasks list --list, as HTTP’s list_id= does', async () => {
    const work = (await alice.request('POST', '/api/lists', { body: { name: 'Work' } })).body;
    const report = (await alice.request('POST', '/api/tasks', { body: { title: 'Report', list_id: work.id } })).body;
    await alice.request('POST', '/api/tasks', { body: { title: 'Draft', parent_id: report.id } });
    await alice.request('POST', '/api/tasks', { body: { title: 'Slides', list_id: work.id } });
    await alice.createTask('Errand');
    const bobs = (await (await service.as(TestService.newUserId('bob'))).request('POST', '/api/lists', { body: { name: 'Bob’s' } })).body;

    const [top, inbox, foreign] = await Promise.all([
      cli.json('tasks', 'list', '--user', alice.userId, '--list', work.id, '--top-level', '--sort', 'position', '--json'),
      cli.json('tasks', 'list', '--user', alice.userId, '--list', 'inbox', '--json'),
      cli.run('tasks', 'list', '--user', alice.userId, '--list', bobs.id),
    ]);

    expect(top.items.map((task: any) => task.title)).to.deep.equal(['Report', 'Slides']);
    expect(top).to.deep.equal((await alice.request('GET', `/api/tasks?list_id=${work.id}&top_level=true&sort=position`)).body);
    expect(inbox.items.map((task: any) => task.title)).to.deep.equal(['Errand']);
    expect(foreign).to.deep.equal({ code: 3, stdout: '', stderr: 'error: List not found\n' });
  });

  it('exits 3 for a list of another user’s on tasks create, update and move, and 4 for a subtask named into another list', async () => {
    const bobs = (await (await service.as(TestService.newUserId('bob'))).request('POST', '/api/lists', { body: { name: 'Bob’s' } })).body;
    const work = (await alice.request('POST', '/api/lists', { body: { name: 'Work' } })).body;
    const parent = await alice.createTask('Parent');
    const overHttp = await alice.request('POST', '/api/tasks', { body: { title: 'Child', parent_id: parent.id, list_id: work.id } });
    expect(overHttp.status).to.equal(422);
    const [issue] = overHttp.body.errors;

    const [created, updated, moved, child] = await Promise.all([
      cli.run('tasks', 'create', '--user', alice.userId, '--title', 'Mine', '--list', bobs.id),
      cli.run('tasks', 'update', '--user', alice.userId, '--id', parent.id, '--list', bobs.id),
      cli.run('tasks', 'move', '--user', alice.userId, '--id', parent.id, '--list', 'not-a-list', '--last'),
      cli.run('tasks', 'create', '--user', alice.userId, '--title', 'Child', '--parent', parent.id, '--list', work.id),
    ]);

    for (const attempt of [created, updated, moved]) expect(attempt).to.deep.equal({ code: 3, stdout: '', stderr: 'error: List not found\n' });
    expect(child).to.deep.equal({ code: 4, stdout: '', stderr: `error: ${issue.path}: ${issue.message}\n` });
    expect((await alice.request('GET', '/api/tasks')).body.items.map((task: any) => task.title)).to.deep.equal(['Parent']);
  });
});
