/**
 * A server's memory as the kernel counts it: resident set now and at its peak, in KiB (NaN off Linux); the
 * service's readings through the run against the targets operators hold it to, and how they read.
 */
import type { ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { mib, printTable, progress } from './report.js';

export interface Memory {
  readonly rss: number;
  readonly peak: number;
}

/** The targets, in MiB: the service idle, and after a minute of mixed load from 2,000 users (`TARGET_LOAD`). */
export const MEMORY_TARGETS_MIB = { idle: 100, afterLoad: 150 } as const;
export const TARGET_LOAD = { seconds: 60, users: 2000 } as const;

/** Seconds without requests before a settled reading: before the idle ones, after the mixed load. */
export const QUIET_SECONDS = { idle: 30, afterLoad: 10 } as const;

/** The service's readings through the run; those of a phase not run are missing. */
export interface ServiceMemory {
  /** Settled after /readyz, before any other request. */
  readonly idle: Memory;
  /** After the seed and ANALYZE, settled. */
  readonly idleAfterSeed: Memory;
  readonly afterEndpoints: Memory;
  /** Right after the memory phase's mixed load; its peak is the load's own when the kernel let us reset it. */
  readonly afterLoad?: Memory;
  readonly afterLoadSettled?: Memory;
}

export async function memoryOf(child: ChildProcess): Promise<Memory> {
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

/**
 * Resets the process's peak (VmHWM) to its resident set now (Linux ≥ 4.0, own processes), so that a later
 * reading's peak is that of what ran in between; whether it could.
 */
export async function resetPeak(child: ChildProcess): Promise<boolean> {
  return writeFile(`/proc/${child.pid}/clear_refs`, '5').then(
    () => true,
    () => false,
  );
}

/** `seconds` without a request from us, then the reading: what the process holds once it has settled. */
export async function settledMemoryOf(child: ChildProcess, seconds: number, what: string): Promise<Memory> {
  progress(`memory: ${seconds} s of quiet ${what}…`);
  await sleep(seconds * 1000);
  return memoryOf(child);
}

/**
 * The Memory section: each reading of the service with its target and a mark, then the floor's. `load`: the
 * mixed load's settings and whether the peak after it is its own (null when it did not run).
 */
export function printMemory(service: ServiceMemory, floor: Memory, load: { seconds: number; users: number; peakOfLoad: boolean } | null): void {
  const { idle, afterLoad } = MEMORY_TARGETS_MIB;
  const peakOfLoad = load?.peakOfLoad ?? false;
  console.log(
    `\nMemory: resident set (VmRSS) and its peak (VmHWM) as the kernel counts them. Targets: idle ≤ ${idle} MiB; ` +
      `≤ ${afterLoad} MiB after ${TARGET_LOAD.seconds} s of mixed load from ${TARGET_LOAD.users.toLocaleString('en-US')} users.`,
  );
  if (load && (load.seconds !== TARGET_LOAD.seconds || load.users !== TARGET_LOAD.users)) {
    console.log(`This run's mixed load (${load.seconds} s, ${load.users.toLocaleString('en-US')} users) is not the target's: its mark says little.`);
  }
  if (load && !peakOfLoad) console.log('The peak after the mixed load is the service\'s since it started: the kernel did not let us reset it.');
  console.log('');
  const rows: string[][] = [
    row(`service idle (started, ${QUIET_SECONDS.idle} s quiet)`, service.idle, idle),
    row(`service idle after the seed and ANALYZE (${QUIET_SECONDS.idle} s quiet)`, service.idleAfterSeed, null),
    row('service after the endpoint rounds', service.afterEndpoints, null),
  ];
  if (service.afterLoad) rows.push(row(`service after the mixed load${peakOfLoad ? ' (peak: of the load)' : ''}`, service.afterLoad, afterLoad));
  if (service.afterLoadSettled) rows.push(row(`service after the mixed load, ${QUIET_SECONDS.afterLoad} s quiet`, service.afterLoadSettled, null));
  rows.push(row('floor after the endpoint rounds', floor, null));
  printTable(['reading', 'RSS', 'peak', 'target', ''], rows);
}

/** The JSON record of the readings (KiB), with the targets and whether each was met. */
export function memoryRecord(service: ServiceMemory, floor: Memory): Record<string, unknown> {
  return {
    service: {
      idle: service.idle,
      idle_after_seed: service.idleAfterSeed,
      after_endpoints: service.afterEndpoints,
      after_load: service.afterLoad ?? null,
      after_load_settled: service.afterLoadSettled ?? null,
    },
    floor: { after_endpoints: floor },
    targets: {
      idle: { rss_max: MEMORY_TARGETS_MIB.idle * 1024, met: meets(service.idle, MEMORY_TARGETS_MIB.idle) },
      after_load: {
        rss_max: MEMORY_TARGETS_MIB.afterLoad * 1024,
        met: service.afterLoad ? meets(service.afterLoad, MEMORY_TARGETS_MIB.afterLoad) : null,
      },
    },
  };
}

function row(label: string, memory: Memory, targetMib: number | null): string[] {
  if (targetMib === null) return [label, mib(memory.rss), mib(memory.peak), '—', ''];
  const met = meets(memory, targetMib);
  return [label, mib(memory.rss), mib(memory.peak), `≤ ${targetMib} MiB`, met === null ? '?' : met ? '✓' : '✗'];
}

/** Whether the resident set is within the target; null when it could not be read. */
function meets(memory: Memory, targetMib: number): boolean | null {
  return Number.isNaN(memory.rss) ? null : memory.rss <= targetMib * 1024;
}
