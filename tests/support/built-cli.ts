/**
 * The admin CLI as operators run it: compiled with the production build (`tsconfig.build.json`, once per
 * test run) and started as a separate process, with only the environment a test gives it.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { testDatabaseUrl } from './test-database.js';
import { TEST_SECRET } from './test-service.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
export const BUILT_CLI = path.join(ROOT, 'dist', 'src', 'interfaces', 'cli', 'main.js');
export const CLI_LAUNCHER = path.join(ROOT, 'bin', 'tasks-admin.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  /** The whole environment of the process, besides PATH and HOME. */
  env?: Record<string, string>;
  /** Written to the CLI's stdin, which is then closed. */
  input?: string;
  /** Another entry point than the built CLI, e.g. the bin launcher. */
  entry?: string;
}

let build: Promise<void> | null = null;

/** Compiles the project as `npm run build` does; later calls wait for the same build. */
export function buildCli(): Promise<void> {
  build ??= run(process.execPath, [TSC, '-p', 'tsconfig.build.json'], { cwd: ROOT, env: process.env }).then((result) => {
    if (result.code !== 0) throw new Error(`the build failed (exit ${result.code}):\n${result.stdout}${result.stderr}`);
  });
  return build;
}

/**
 * A directory of its own for the CLI to run in (no stray `.env` is read) and to use as DATA_DIR.
 */
export function cliWorkDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'tasks-cli-'));
}

/** Runs `tasks-admin args…` in `cwd` and collects its exit code and output. */
export async function runCli(cwd: string, args: readonly string[], options: CliRunOptions = {}): Promise<CliResult> {
  await buildCli();
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, DATA_DIR: cwd, ...options.env };
  return run(process.execPath, [options.entry ?? BUILT_CLI, ...args], { cwd, env, input: options.input });
}

function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; input?: string | undefined },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** The built CLI bound to a work directory and an environment: by default the test PostgreSQL and TEST_SECRET. */
export class AdminCli {
  private constructor(
    readonly workDir: string,
    readonly env: Record<string, string>,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<AdminCli> {
    await buildCli();
    return new AdminCli(await cliWorkDir(), { DATABASE_URL: await testDatabaseUrl(), BETTER_AUTH_SECRET: TEST_SECRET, ...env });
  }

  /** The same work directory with other (or more) variables. */
  withEnv(env: Record<string, string>): AdminCli {
    return new AdminCli(this.workDir, { ...this.env, ...env });
  }

  run(...args: string[]): Promise<CliResult> {
    return runCli(this.workDir, args, { env: this.env });
  }

  runWithInput(input: string, ...args: string[]): Promise<CliResult> {
    return runCli(this.workDir, args, { env: this.env, input });
  }

  /** Runs a command that must succeed and parses its stdout as JSON. */
  async json<T = any>(...args: string[]): Promise<T> {
    const result = await this.run(...args);
    if (result.code !== 0) throw new Error(`tasks-admin ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
    return JSON.parse(result.stdout) as T;
  }

  stop(): Promise<void> {
    return rm(this.workDir, { recursive: true, force: true });
  }
}
