/**
 * Everything the browser tests run against, started the way `npm run example` starts it: the test PostgreSQL,
 * a throwaway database there for the example's Better Auth, the service trusting that Better Auth's tokens, the
 * Next.js example on a free port, and Chromium.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildClient, dropDatabase, ensureDatabase, ExampleApp, installExample } from '../scripts/example-app.js';
import { freePort } from '../src/infrastructure/system/free-port.js';
import { testDatabaseUrl } from '../tests/support/test-database.js';
import { TestService } from '../tests/support/test-service.js';
import { CHROMIUM_ARGS, findChromium } from './chromium.js';

/** How long one API token lasts here: short, so an expired session shows within the test's time. */
export const API_TOKEN_LIFETIME_SECONDS = 30;
export const PASSWORD = 'correct-horse-battery-staple';

export interface SignedInUser {
  readonly name: string;
  readonly email: string;
  readonly id: string;
  readonly context: BrowserContext;
  readonly page: Page;
}

const say = (line: string) => process.stdout.write(`    ${line}\n`);

export class TasksAppStack {
  private constructor(
    readonly appUrl: string,
    readonly service: TestService,
    readonly app: ExampleApp,
    readonly browser: Browser,
    private readonly databaseUrl: string,
    private readonly authDatabase: { url: string; name: string },
  ) {}

  static async start(): Promise<TasksAppStack> {
    const chromiumPath = findChromium();
    if (chromiumPath.path === null) throw new Error(`Browser tests need a Chromium: ${chromiumPath.reason}`);
    await buildClient(say);
    await installExample(say);

    const databaseUrl = await testDatabaseUrl();
    const authDatabaseName = `tasks_auth_e2e_${randomBytes(4).toString('hex')}`;
    const authDatabaseUrl = await ensureDatabase(databaseUrl, authDatabaseName);
    const port = await freePort();
    const appUrl = `http://localhost:${port}`;
    const started: { service?: TestService; app?: ExampleApp; browser?: Browser } = {};
    try {
      started.service = await TestService.start({
        BETTER_AUTH_URL: appUrl,
        BETTER_AUTH_SECRET: '', // JWKS only: nothing but the example's Better Auth can sign a token the API takes
        CORS_ORIGINS: appUrl,
        JWT_CLOCK_TOLERANCE: '0s',
      });
      say(`Starting the example (next dev) on ${appUrl}…`);
      started.app = await ExampleApp.start({
        mode: 'dev',
        port,
        appUrl,
        authDatabaseUrl,
        authSecret: randomBytes(32).toString('base64url'),
        apiUrl: started.service.url,
        apiTokenLifetime: `${API_TOKEN_LIFETIME_SECONDS}s`,
        output: 'keep',
      });
      started.browser = await chromium.launch({ executablePath: chromiumPath.path, args: CHROMIUM_ARGS });
      return new TasksAppStack(appUrl, started.service, started.app, started.browser, databaseUrl, {
        url: authDatabaseUrl,
        name: authDatabaseName,
      });
    } catch (error) {
      await started.browser?.close();
      await started.app?.stop();
      await started.service?.stop();
      await dropDatabase(databaseUrl, authDatabaseName);
      throw error;
    }
  }

  /** Signs a new user up in a browser context of their own (their own cookies), and waits for their task list. */
  async signUp(name: string): Promise<SignedInUser> {
    const context = await this.browser.newContext();
    const page = await context.newPage();
    const email = `${name.toLowerCase()}-${randomBytes(6).toString('hex')}@example.test`;
    await page.goto(`${this.appUrl}/sign-up`);
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.waitForURL(`${this.appUrl}/`);
    await waitUntilLive(page);
    const session = await context.request.get(`${this.appUrl}/api/auth/get-session`);
    const body = (await session.json()) as { user?: { id?: string } };
    if (typeof body.user?.id !== 'string') throw new Error(`No session after signing up: ${session.status()}`);
    return { name, email, id: body.user.id, context, page };
  }

  /** Another tab of the same user (same cookies), on the task list. */
  async openTab(user: SignedInUser): Promise<Page> {
    const page = await user.context.newPage();
    await page.goto(`${this.appUrl}/`);
    await waitUntilLive(page);
    return page;
  }

  /** A token for `user`, from the app's Better Auth as the browser gets it, for calling the API directly. */
  async apiTokenFor(user: SignedInUser): Promise<string> {
    const response = await user.context.request.get(`${this.appUrl}/api/auth/token`);
    const body = (await response.json()) as { token?: string };
    if (typeof body.token !== 'string') throw new Error(`No token from Better Auth: ${response.status()}`);
    return body.token;
  }

  /** Ends the user's sessions in Better Auth's database, as their expiry would. */
  async expireSessions(user: SignedInUser): Promise<number> {
    const client = new pg.Client({ connectionString: this.authDatabase.url });
    await client.connect();
    try {
      const result = await client.query(`UPDATE "session" SET "expiresAt" = now() - interval '1 minute' WHERE "userId" = $1`, [user.id]);
      return result.rowCount ?? 0;
    } finally {
      await client.end();
    }
  }

  /** The service's database URL, for the admin CLI. */
  get serviceDatabaseUrl(): string {
    return this.databaseUrl;
  }

  async stop(): Promise<void> {
    await this.browser.close();
    await this.app.stop();
    await this.service.stop();
    await dropDatabase(this.databaseUrl, this.authDatabase.name);
  }
}

/** Waits until the page's event stream is open, so that changes from elsewhere will show. */
export async function waitUntilLive(page: Page): Promise<void> {
  await page.locator('[data-testid="live-state"][data-state="live"]').waitFor({ timeout: 30_000 });
}

/** A suite's running stack, and its sign-up, whose users are closed after each test. */
export interface TasksAppSuite {
  readonly stack: TasksAppStack;
  signUp(name: string): Promise<SignedInUser>;
}

/**
 * Registers the hooks of a suite run on one stack: started before its tests (a first run installs the example's
 * packages), stopped after them; after each test the users it signed up are closed, and a failed test prints
 * what Next.js said last.
 */
export function useTasksAppStack(): TasksAppSuite {
  let started: TasksAppStack | undefined;
  const users: SignedInUser[] = [];
  before(async function () {
    this.timeout(15 * 60_000);
    started = await TasksAppStack.start();
  });
  after(async function () {
    this.timeout(60_000);
    await started?.stop();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && started) {
      process.stdout.write(`    Next.js said, last:\n${started.app.recentOutput.slice(-40).map((line) => `      ${line}`).join('\n')}\n`);
    }
    await Promise.all(users.splice(0).map((user) => user.context.close()));
  });
  const stack = () => {
    if (!started) throw new Error('the stack is not started yet');
    return started;
  };
  return {
    get stack() {
      return stack();
    },
    async signUp(name) {
      const user = await stack().signUp(name);
      users.push(user);
      return user;
    },
  };
}
