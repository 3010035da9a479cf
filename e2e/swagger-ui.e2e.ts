/**
 * The service's own Swagger UI (`/docs`) in a real Chromium, on the real service and PostgreSQL, tried the way a
 * newcomer tries it: "Authorize" with a token, then on each read endpoint "Try it out" and "Execute" without
 * touching the form. Each must answer the caller's own data — so nothing may be filled in for them.
 * Run by `npm run test:e2e`.
 */
import { expect } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';
import { TestService, type UserClient } from '../tests/support/test-service.js';
import { CHROMIUM_ARGS, findChromium } from './chromium.js';
import { SwaggerUiPage } from './swagger-ui-page.js';

interface Task {
  id: string;
  title: string;
}

/** The read endpoints tried here; a GET under /api that the document gains must be added. */
const READ_PATHS = [
  '/api/tasks',
  '/api/tasks/stats',
  '/api/tasks/changes',
  '/api/tasks/{id}',
  '/api/labels',
  '/api/lists',
  '/api/lists/{id}',
  '/api/events',
];

describe('browser: Swagger UI at /docs, tried as it opens', function () {
  let service: TestService;
  let browser: Browser;
  let page: Page;
  let docs: SwaggerUiPage;
  let user: UserClient;
  let tasks: { rent: Task; passport: Task };
  let travel: { id: string; name: string };

  before(async function () {
    this.timeout(120_000);
    const found = findChromium();
    if (found.path === null) throw new Error(`Browser tests need a Chromium: ${found.reason}`);
    service = await TestService.start();
    browser = await chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS });

    // Neither task is of `high` or `medium` priority, and one is overdue: a filter filled in by the page shows.
    user = await service.as(TestService.newUserId('docs'));
    const list = await user.request<{ id: string; name: string }>('POST', '/api/lists', { body: { name: 'Travel' } });
    if (list.status !== 201) throw new Error(`list create failed: ${list.status} ${list.text}`);
    travel = list.body;
    tasks = {
      rent: await create(user, { title: 'Pay the rent', labels: ['Home'] }),
      passport: await create(user, { title: 'Renew the passport', priority: 'low', due_date: '2020-01-15', labels: ['errands', 'home'] }),
    };

    page = await browser.newPage();
    docs = new SwaggerUiPage(page);
    await docs.open(service.url);
    await docs.authorize(user.token);
  });
  after(async function () {
    this.timeout(30_000);
    await browser?.close();
    await service?.stop();
  });

  /** Expands `path`, "Try it out", fills in only `required`, "Execute": what the form held, and the answer shown. */
  async function tryAsOpened(path: string, required: Record<string, string> = {}, responseTimeoutMs?: number) {
    const operation = docs.operation('get', path);
    await operation.tryItOut();
    const form = await operation.formValues();
    for (const [name, value] of Object.entries(required)) await operation.fill(name, value);
    await operation.execute();
    const response = await operation.serverResponse(responseTimeoutMs);
    return { form, url: await operation.requestUrl(), ...response };
  }

  /** Every field of the form was empty when it opened (the required ones are filled in afterwards). */
  function expectEmpty(form: Record<string, string>) {
    const filled = Object.fromEntries(Object.entries(form).filter(([, value]) => value !== ''));
    expect(filled, 'fields Swagger UI filled in by itself').to.deep.equal({});
  }

  it('tries every GET endpoint under /api that the document has', async () => {
    const document = (await (await fetch(`${service.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(document.paths)
      .filter(([path, operations]) => path.startsWith('/api/') && 'get' in operations)
      .map(([path]) => path);
    expect(documented).to.have.members(READ_PATHS);
  });

  it('GET /api/tasks lists the caller’s tasks', async () => {
    const { form, url, status, body } = await tryAsOpened('/api/tasks');
    expect(status, body).to.equal(200);
    const titles = (JSON.parse(body) as { items: Task[] }).items.map((task) => task.title);
    expect(titles, `the listing answered by ${url}`).to.have.members([tasks.rent.title, tasks.passport.title]);
    expectEmpty(form);
  });

  it('GET /api/tasks/stats counts them', async () => {
    const { form, url, status, body } = await tryAsOpened('/api/tasks/stats');
    expect(status, body).to.equal(200);
    expect(JSON.parse(body), `the counts answered by ${url}`).to.include({ total: 2, pending: 2, completed: 0, overdue: 1 });
    expectEmpty(form);
  });

  it('GET /api/tasks/changes gives their changes from the start', async () => {
    const { form, url, status, body } = await tryAsOpened('/api/tasks/changes');
    expect(status, body).to.equal(200);
    const changes = (JSON.parse(body) as { changes: { type: string; task_id?: string; list_id?: string }[] }).changes;
    const inbox = (await user.request<{ id: string }>('GET', '/api/lists/inbox')).body;
    // The inbox, made with the first list, then the list and the tasks, in the order they were made.
    expect(
      changes.map((change) => `${change.type} ${change.task_id ?? change.list_id}`),
      `the changes answered by ${url}`,
    ).to.deep.equal([`list.created ${inbox.id}`, `list.created ${travel.id}`, `task.created ${tasks.rent.id}`, `task.created ${tasks.passport.id}`]);
    expectEmpty(form);
  });

  it('GET /api/tasks/{id} reads one, given only its id', async () => {
    const { form, status, body } = await tryAsOpened('/api/tasks/{id}', { id: tasks.passport.id });
    expect(status, body).to.equal(200);
    expect(JSON.parse(body)).to.include({ id: tasks.passport.id, title: tasks.passport.title, priority: 'low', due_date: '2020-01-15' });
    expectEmpty(form);
  });

  it('GET /api/labels gives their labels, each once, with how many tasks have it', async () => {
    const { form, url, status, body } = await tryAsOpened('/api/labels');
    expect(status, body).to.equal(200);
    expect(JSON.parse(body), `the labels answered by ${url}`).to.deep.equal({
      items: [
        { name: 'errands', task_count: 1 },
        { name: 'Home', task_count: 2 },
      ],
    });
    expectEmpty(form);
  });

  it('GET /api/lists gives their lists in order, the inbox first', async () => {
    const { form, url, status, body } = await tryAsOpened('/api/lists');
    expect(status, body).to.equal(200);
    const lists = (JSON.parse(body) as { items: { name: string; is_inbox: boolean }[] }).items;
    expect(
      lists.map((list) => [list.name, list.is_inbox]),
      `the lists answered by ${url}`,
    ).to.deep.equal([
      ['Inbox', true],
      ['Travel', false],
    ]);
    expectEmpty(form);
  });

  it('GET /api/lists/{id} reads one, given only its id', async () => {
    const { form, status, body } = await tryAsOpened('/api/lists/{id}', { id: travel.id });
    expect(status, body).to.equal(200);
    expect(JSON.parse(body)).to.include({ id: travel.id, name: 'Travel', is_inbox: false });
    expectEmpty(form);
  });

  it('GET /api/events shows a change made while the stream is open', async () => {
    const operation = docs.operation('get', '/api/events');
    await operation.tryItOut();
    const form = await operation.formValues();
    const opened = await operation.execute();
    expect(opened.status()).to.equal(200);
    // The stream is open (its headers came): what changes now is sent on it.
    const plumber = await create(user, { title: 'Call the plumber' });
    const { status, body } = await operation.serverResponse(20_000);
    expect(status, body).to.equal(200);
    expect(body).to.include('event: task.created').and.include(`"task_id":"${plumber.id}"`).and.include(`"title":"${plumber.title}"`);
    expectEmpty(form);
  });
});

async function create(
  user: UserClient,
  body: { title: string; priority?: string; due_date?: string; labels?: string[] },
): Promise<Task> {
  const response = await user.request<Task>('POST', '/api/tasks', { body });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${response.text}`);
  return response.body;
}
