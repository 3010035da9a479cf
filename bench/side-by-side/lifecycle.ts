/**
 * What the benchmark has started and must stop however it ends (done, failed or interrupted): the servers'
 * processes, the autocannon runs in flight and the clean-up steps registered along the way, run once, last
 * registered first.
 */
import type autocannon from 'autocannon';
import type { ChildProcess } from 'node:child_process';
import { progress } from './report.js';

const children = new Set<ChildProcess>();
const activeLoads = new Set<autocannon.Instance>();
const cleanups: (() => Promise<unknown>)[] = [];
let cleaning: Promise<void> | null = null;
let interrupted = false;

/** Whether a signal asked us to stop: whatever is under way gives up, and nothing new starts. */
export function isInterrupted(): boolean {
  return interrupted;
}

export function atCleanup(task: () => Promise<unknown>): void {
  cleanups.push(task);
}

export function trackChild(child: ChildProcess): void {
  children.add(child);
}

/** Stopped on an interruption while it runs; call the returned function once it has finished. */
export function trackLoad(instance: autocannon.Instance): () => void {
  activeLoads.add(instance);
  return () => activeLoads.delete(instance);
}

export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const load of activeLoads) load.stop();
    await Promise.all([...children].map((child) => stopChild(child)));
    for (const task of cleanups.reverse()) {
      try {
        await task();
      } catch (error) {
        progress(`cleanup: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  })();
  return cleaning;
}

/** A signal stops the servers, cleans up and exits 130; an exit with servers still running kills them. */
export function cleanUpOnSignals(): void {
  // `on`, not `once`: a Ctrl-C reaches us twice (from the terminal and relayed by tsx), and the second must not
  // kill us halfway through cleaning up.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      progress(`\n${signal}: stopping the servers…`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  // Last resort if we die with children still running.
  process.once('exit', () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    children.delete(child);
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  if (!(await within(exited, 15_000))) {
    child.kill('SIGKILL');
    await within(exited, 5_000);
  }
  children.delete(child);
}

/** Whether `promise` settled within `ms`. */
export async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
