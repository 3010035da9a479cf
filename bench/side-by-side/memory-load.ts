/**
 * The memory phase (service only): a mixed load from many distinct users' tokens, as a service meets it in use,
 * then the service's memory right after it and once it has settled.
 */
import { issueSharedSecretToken } from '../../src/infrastructure/auth/shared-secret-token-issuer.js';
import type { Endpoint, EndpointRequest } from './endpoints.js';
import { load, type Measurement, type Target } from './load.js';
import { memoryOf, QUIET_SECONDS, resetPeak, settledMemoryOf, type Memory } from './memory.js';
import type { BenchOptions } from './options.js';
import { failureCell, failuresOf, ms, printTable, progress, rpsCell } from './report.js';
import { assertRunning, SECRET, type Server } from './servers.js';

/** Distinct from the seeded users: their tasks are the memory phase's own. */
export const MEMORY_USER_PREFIX = 'bench-memory-user-';

/** After a user's first request (a create), its later ones rotate over these. */
const ROTATION = ['list', 'get', 'toggle', 'stats', 'create'] as const;
type Kind = (typeof ROTATION)[number];

export interface MemoryLoadResult {
  readonly users: number;
  readonly seconds: number;
  readonly connections: number;
  readonly run: Measurement;
  /** Requests made, by kind (those a connection had prepared when the load stopped included). */
  readonly requested: Record<Kind, number>;
  /** Whether `afterLoad.peak` is the load's own (else the service's since it started). */
  readonly peakOfLoad: boolean;
  readonly afterLoad: Memory;
  readonly afterLoadSettled: Memory;
}

/**
 * The k-th request goes to user k mod `ids.length`, visit k div it: the first visit creates a task, later ones
 * rotate list / get / toggle / stats / create, getting and toggling the user's own tasks. A user whose create has
 * not been answered yet creates again. The ids of created tasks are added to `ids` as the answers come.
 */
export function mixedEndpoint(ids: string[][], requested: Record<Kind, number>): Endpoint {
  const users = ids.length;
  return {
    name: 'memory',
    label: 'mixed: create, list, get, toggle, stats',
    method: 'GET',
    request: (k): EndpointRequest => {
      const user = k % users;
      const visit = Math.floor(k / users);
      const own = ids[user]!;
      const kind: Kind = visit === 0 || own.length === 0 ? 'create' : ROTATION[(visit - 1) % ROTATION.length]!;
      requested[kind]++;
      const task = own[visit % Math.max(1, own.length)];
      switch (kind) {
        case 'create':
          return {
            user,
            method: 'POST',
            path: '/api/tasks',
            body: JSON.stringify({ title: `Memory task ${visit + 1} of ${MEMORY_USER_PREFIX}${user}`, description: visit % 2 === 0 ? null : 'mixed load' }),
          };
        case 'list':
          return { user, path: '/api/tasks' };
        case 'get':
          return { user, path: `/api/tasks/${task!}` };
        case 'toggle':
          return { user, method: 'PATCH', path: `/api/tasks/${task!}/complete` };
        case 'stats':
          return { user, path: '/api/tasks/stats' };
      }
    },
    answered: (request, status, body) => {
      if (request.method !== 'POST' || status !== 201) return;
      const { id } = JSON.parse(body) as { id?: string };
      if (id) ids[request.user]!.push(id);
    },
  };
}

/** `memorySeconds` of the mixed load from `memoryUsers` users on the service, then its memory twice. */
export async function memoryLoad(service: Server, options: BenchOptions, problems: string[]): Promise<MemoryLoadResult> {
  const { memoryUsers: users, memorySeconds: seconds, connections } = options;
  const tokens = await Promise.all(
    Array.from({ length: users }, (_, n) => issueSharedSecretToken(SECRET, `${MEMORY_USER_PREFIX}${n}`, { ttlSeconds: 6 * 3600 })),
  );
  const ids: string[][] = Array.from({ length: users }, () => []);
  const requested: Record<Kind, number> = { create: 0, list: 0, get: 0, toggle: 0, stats: 0 };
  const target: Target = { name: 'service (memory)', url: service.url, tokens, ids, counter: 0 };
  const peakOfLoad = await resetPeak(service.child);
  progress(`memory: ${seconds} s of mixed load from ${users} users on the service…`);
  const run = await load(target, mixedEndpoint(ids, requested), connections, seconds);
  assertRunning([service]);
  const afterLoad = await memoryOf(service.child);
  const afterLoadSettled = await settledMemoryOf(service.child, QUIET_SECONDS.afterLoad, 'after the mixed load');
  problems.push(...failuresOf('memory (service)', [run]));
  return { users, seconds, connections, run, requested, peakOfLoad, afterLoad, afterLoadSettled };
}

export function printMemoryLoad(result: MemoryLoadResult): void {
  const { users, seconds, connections, run, requested } = result;
  const mix = Object.entries(requested).map(([kind, n]) => `${n.toLocaleString('en-US')} ${kind}`).join(', ');
  console.log(
    `\nMixed load (service only): ${seconds} s, ${connections} connections, ${users.toLocaleString('en-US')} users' tokens; ` +
      `each user's first request creates a task, later ones rotate list / get / toggle / stats / create (${mix})\n`,
  );
  printTable(
    ['load', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx/errors'],
    [['mixed', rpsCell([run]), ms(run.p50), ms(run.p99), failureCell([run])]],
  );
}
