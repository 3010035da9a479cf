/** A server's memory as the kernel counts it: resident set now and at its peak, in KiB (NaN off Linux). */
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';

export interface Memory {
  readonly rss: number;
  readonly peak: number;
}

export async function memoryOf(child: ChildProcess): Promise<Memory> {
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}
