/** The machine the figures were measured on, for reading them later. */
import os from 'node:os';
import type pg from 'pg';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memory_gib: number;
  load_average: number[];
  node: string;
  postgresql: string;
  database: string;
}

export async function describeMachine(db: pg.Client, embedded: boolean): Promise<MachineInfo> {
  const version = (await db.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memory_gib: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    load_average: os.loadavg().map((value) => Math.round(value * 100) / 100),
    node: process.version,
    postgresql: version,
    database: embedded ? 'embedded PostgreSQL (temporary directory)' : 'DATABASE_URL',
  };
}

export function printMachine(machine: MachineInfo): void {
  console.log(
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory_gib} GiB, load average ${machine.load_average.join(' ')}; ` +
      `Node ${machine.node}; PostgreSQL ${machine.postgresql} (${machine.database})`,
  );
}
