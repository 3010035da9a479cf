/** The two servers as child processes, started exactly as a user starts them, their output in log files. */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../src/infrastructure/system/free-port.js';
import { isInterrupted, trackChild } from './lifecycle.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The HS256 secret both servers trust; the benchmark signs its users' tokens with it. */
export const SECRET = 'side-by-side-benchmark-secret-at-least-32-bytes-long';

export interface Server {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
  readonly logFile: string;
}

/** Starts `script` on a free port of 127.0.0.1 and waits until `readyPath` answers below 500. */
export async function startServer(name: string, script: string, env: NodeJS.ProcessEnv, readyPath: string, logDir: string): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(logDir, `${name}.log`);
  const fd = openSync(logFile, 'a');
  const args = script === 'src/main.ts' ? await npmStartArguments() : ['--import', 'tsx', script];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', fd, fd, 'ipc'],
  });
  closeSync(fd);
  trackChild(child);
  const server = { name, url, child, logFile };
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && !isInterrupted()) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited during start-up (${child.exitCode ?? child.signalCode}):\n${await tail(logFile)}`);
    }
    try {
      if ((await fetch(`${url}${readyPath}`, { signal: AbortSignal.timeout(2_000) })).status < 500) return server;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`${name} did not become ready within 120 s:\n${await tail(logFile)}`);
}

export function assertRunning(servers: Server[]): void {
  for (const server of servers) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(`${server.name} exited under load (${server.child.exitCode ?? server.child.signalCode}); see ${server.logFile}`);
    }
  }
}

/** The Node.js arguments of `npm start` (`node <flags> src/main.ts`): the service runs exactly as users start it. */
async function npmStartArguments(): Promise<string[]> {
  const { scripts } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [command, ...args] = scripts.start.split(/\s+/);
  if (command !== 'node') throw new Error(`npm start is not a plain node command: ${scripts.start}`);
  // A CPU profile of the service on request (`BENCH_CPU_PROF=<dir>`), written when it stops.
  const profileDir = process.env.BENCH_CPU_PROF;
  return profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, ...args] : args;
}

async function tail(file: string, lines = 20): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
