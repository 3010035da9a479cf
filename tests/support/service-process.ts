/**
 * The service as a real child process (`node --import tsx src/main.ts`), for what cannot be done to an
 * in-process instance: `kill -9`. Each runs in a directory of its own (its DATA_DIR, and no stray `.env`),
 * with the embedded PostgreSQL there or the DATABASE_URL it is given.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freePort } from '../../src/infrastructure/system/free-port.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface ServiceProcessOptions {
  /** The directory to run in and use as DATA_DIR (the embedded PostgreSQL lives there unless DATABASE_URL is set). */
  readonly dataDir: string;
  /** More variables, e.g. DATABASE_URL or BETTER_AUTH_SECRET. */
  readonly env?: Record<string, string>;
  /** How long to wait for `/readyz`; the first start on a fresh DATA_DIR runs initdb. */
  readonly readyTimeoutMs?: number;
}

export class ServiceProcess {
  private output = '';
  private readonly exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** Starts the service and waits until it answers `/readyz`. */
  static async start(options: ServiceProcessOptions): Promise<ServiceProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', TSX, path.join(ROOT, 'src', 'main.ts')], {
      cwd: options.dataDir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? options.dataDir,
        TSX_TSCONFIG_PATH: path.join(ROOT, 'tsconfig.json'),
        HOST: '127.0.0.1',
        PORT: String(port),
        DATA_DIR: options.dataDir,
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_MINUTE: '0',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const service = new ServiceProcess(child, `http://127.0.0.1:${port}`);
    await service.waitUntilReady(options.readyTimeoutMs ?? 90_000);
    return service;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Everything the process wrote to stdout and stderr so far. */
  get logs(): string {
    return this.output;
  }

  /** `kill -9`: no shutdown of any kind. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, as an orderly stop; `kill -9` if it has not exited within `timeoutMs`. */
  async stop(timeoutMs = 20_000): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  private async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`the service exited with ${this.child.exitCode} before it was ready:\n${this.output}`);
      try {
        if ((await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(2000) })).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await this.kill();
    throw new Error(`the service was not ready within ${timeoutMs} ms:\n${this.output}`);
  }
}

/** A fresh directory for one service process: its DATA_DIR, readable by the `postgres` user when run as root. */
export async function newDataDir(label: string): Promise<string> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `tasks-${label}-`));
  await chmod(dataDir, 0o755);
  return dataDir;
}

/** The embedded cluster's postmaster under `dataDir`, from its `postmaster.pid` (null when there is none). */
export async function embeddedPostmaster(dataDir: string): Promise<{ pid: number; port: number; url: string } | null> {
  try {
    const [pid, , , port] = (await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n');
    const { password } = JSON.parse(await readFile(path.join(dataDir, 'postgres-credentials.json'), 'utf8')) as { password: string };
    return { pid: Number(pid), port: Number(port), url: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/tasks` };
  } catch {
    return null;
  }
}

/** The embedded PostgreSQL's password under `dataDir` (to check it never shows up in a log). */
export async function embeddedPassword(dataDir: string): Promise<string> {
  return (JSON.parse(await readFile(path.join(dataDir, 'postgres-credentials.json'), 'utf8')) as { password: string }).password;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Waits until `pid` has gone (its children may take a moment after it). */
export async function waitForExit(pid: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`process ${pid} is still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Stops the embedded PostgreSQL under `dataDir` if it still runs — a service killed with `kill -9` leaves it
 * running, and one that only joined it leaves it too — then removes the directory.
 */
export async function removeDataDir(dataDir: string): Promise<void> {
  const postmaster = await embeddedPostmaster(dataDir);
  if (postmaster && isAlive(postmaster.pid)) {
    process.kill(postmaster.pid, 'SIGINT'); // fast shutdown
    await waitForExit(postmaster.pid).catch(() => process.kill(postmaster.pid, 'SIGKILL'));
  }
  await rm(dataDir, { recursive: true, force: true });
}

