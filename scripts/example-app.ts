/**
 * The Next.js example (examples/nextjs) as a process: what `npm run example` and the browser tests share —
 * building the typed client it links to, installing the example's packages when they are missing, giving its
 * Better Auth a database of its own on the service's PostgreSQL server, and running Next.js.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ROOT_DIR = fileURLToPath(new URL('..', import.meta.url));
export const EXAMPLE_DIR = path.join(ROOT_DIR, 'examples', 'nextjs');
const CLIENT_DIR = path.join(ROOT_DIR, 'client');

type Say = (line: string) => void;

/** Runs a command to completion, its output shown as it goes; rejects when it fails. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: 'inherit', env });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

async function modifiedAt(file: string): Promise<number> {
  return (await stat(file)).mtimeMs;
}

async function newestIn(directory: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(directory, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, await modifiedAt(path.join(entry.parentPath, entry.name)));
  }
  return newest;
}

/** Compiles client/ to client/dist (what the example imports) unless dist is newer than every source. */
export async function buildClient(say: Say): Promise<void> {
  const built = path.join(CLIENT_DIR, 'dist', 'index.js');
  if (existsSync(built) && (await modifiedAt(built)) >= (await newestIn(path.join(CLIENT_DIR, 'src')))) return;
  say('Building the typed client (client/dist)…');
  await run(process.execPath, [path.join(ROOT_DIR, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', CLIENT_DIR], ROOT_DIR);
}

/** `npm install` in examples/nextjs when its packages are missing or older than its package files. */
export async function installExample(say: Say): Promise<void> {
  const marker = path.join(EXAMPLE_DIR, 'node_modules', '.package-lock.json');
  if (existsSync(marker)) {
    const installedAt = await modifiedAt(marker);
    const declaredAt = Math.max(
      await modifiedAt(path.join(EXAMPLE_DIR, 'package.json')),
      await modifiedAt(path.join(EXAMPLE_DIR, 'package-lock.json')),
    );
    if (installedAt >= declaredAt) return;
  }
  say('Installing the example’s packages (examples/nextjs, once)…');
  await run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['install', '--no-audit', '--no-fund'], EXAMPLE_DIR);
}

/**
 * Builds the example for `next start`, unless a build newer than its sources and the client is there. Better
 * Auth wants its secret even while Next.js collects page data.
 */
export async function buildExample(say: Say, authSecret: string): Promise<void> {
  const buildId = path.join(EXAMPLE_DIR, '.next', 'BUILD_ID');
  if (existsSync(buildId)) {
    const builtAt = await modifiedAt(buildId);
    const sources = await Promise.all(
      ['app', 'lib', 'instrumentation.ts', 'next.config.ts', 'package-lock.json'].map(async (entry) => {
        const full = path.join(EXAMPLE_DIR, entry);
        return (await stat(full)).isDirectory() ? newestIn(full) : modifiedAt(full);
      }),
    );
    if (builtAt >= Math.max(...sources, await newestIn(path.join(CLIENT_DIR, 'dist')))) return;
  }
  say('Building the example (next build)…');
  const env: NodeJS.ProcessEnv = { ...process.env, BETTER_AUTH_SECRET: authSecret, NEXT_TELEMETRY_DISABLED: '1' };
  delete env.NODE_ENV;
  await run(process.execPath, [nextBin(), 'build'], EXAMPLE_DIR, env);
}

function nextBin(): string {
  return path.join(EXAMPLE_DIR, 'node_modules', 'next', 'dist', 'bin', 'next');
}

/**
 * A database named `name` on the same PostgreSQL server as `serverUrl`, created if missing, for Better Auth's
 * users and sessions; returns its URL. The service's own database is left alone.
 */
export async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Not a plain database name: ${name}`);
  const maintenance = new URL(serverUrl);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database `ensureDatabase` made (the browser tests' throwaway one). */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Not a plain database name: ${name}`);
  const maintenance = new URL(serverUrl);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** The example's own Better Auth secret (it signs session cookies), made once and kept in `dataDir`. */
export async function exampleAuthSecret(dataDir: string): Promise<string> {
  const file = path.resolve(dataDir, 'example-auth-secret');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(32).toString('base64url');
  await mkdir(path.resolve(dataDir), { recursive: true });
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}

/** Whether something already listens on `port` (on any address). */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(true));
    probe.listen(port, () => probe.close(() => resolve(false)));
  });
}

export interface ExampleAppSettings {
  /** `dev` (compiles on demand, reloads on change) or `start` (the output of `next build`). */
  mode: 'dev' | 'start';
  port: number;
  /** The app's own URL: Better Auth's base URL, and so the `iss` and `aud` of its tokens. */
  appUrl: string;
  /** Better Auth's database. */
  authDatabaseUrl: string;
  authSecret: string;
  apiUrl: string;
  /** Lifetime of the API tokens Better Auth issues (default 15m). */
  apiTokenLifetime?: string;
  /** Next.js's output: shown as it comes (the default), or kept for `recentOutput` (tests show it on failure). */
  output?: 'inherit' | 'keep';
}

export class ExampleApp {
  private readonly kept: string[] = [];

  private constructor(private readonly child: ChildProcess) {
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (text: string) => {
        this.kept.push(...text.split('\n').filter(Boolean));
        this.kept.splice(0, Math.max(0, this.kept.length - 200));
      });
    }
  }

  /** The last lines Next.js printed, when started with `output: 'keep'`. */
  get recentOutput(): string[] {
    return [...this.kept];
  }

  /** Starts Next.js and resolves once the sign-in page answers (in dev mode, that compiles it too). */
  static async start(settings: ExampleAppSettings): Promise<ExampleApp> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: settings.authDatabaseUrl,
      BETTER_AUTH_URL: settings.appUrl,
      BETTER_AUTH_SECRET: settings.authSecret,
      TASKS_API_URL: settings.apiUrl,
      NEXT_TELEMETRY_DISABLED: '1',
    };
    delete env.NODE_ENV; // Next.js sets it for the mode; the service's NODE_ENV is not the app's
    if (settings.apiTokenLifetime) env.API_TOKEN_LIFETIME = settings.apiTokenLifetime;
    const child = spawn(process.execPath, [nextBin(), settings.mode, '--port', String(settings.port)], {
      cwd: EXAMPLE_DIR,
      env,
      stdio: settings.output === 'keep' ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
      detached: true, // its own process group: stopping it stops the workers Next.js starts too
    });
    const app = new ExampleApp(child);
    // Whatever ends this process, Next.js (in a group of its own) must not outlive it.
    const pid = child.pid;
    if (pid !== undefined) {
      const stopOnExit = () => signalGroup(pid, 'SIGTERM');
      process.once('exit', stopOnExit);
      child.once('exit', () => process.removeListener('exit', stopOnExit));
    }
    const exited = new Promise<never>((_, reject) => {
      child.once('exit', (code, signal) => reject(new Error(`Next.js exited early (${signal ?? `exit ${code}`})`)));
      child.once('error', reject);
    });
    exited.catch(() => undefined);
    try {
      await Promise.race([waitForPage(`${settings.appUrl}/sign-in`, 180_000), exited]);
    } catch (error) {
      await app.stop();
      // What Next.js said is where the cause is (a module it could not resolve, a page that threw).
      const said = app.recentOutput.slice(-40);
      if (said.length === 0 || !(error instanceof Error)) throw error;
      throw new Error(`${error.message}; Next.js said, last:\n${said.map((line) => `  ${line}`).join('\n')}`, { cause: error });
    }
    return app;
  }

  /** Resolves when Next.js exits by itself; for noticing a crash. */
  get exited(): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve(this.child.exitCode);
    return new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null || this.child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    signalGroup(this.child.pid, 'SIGTERM');
    const timer = setTimeout(() => this.child.pid !== undefined && signalGroup(this.child.pid, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

async function waitForPage(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(60_000) });
      await response.body?.cancel();
      if (response.status < 500) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s (${last})`);
}
