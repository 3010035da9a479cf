/** The same data in both servers, written through their own POST, and a check that they answer alike. */
import type pg from 'pg';
import { issueSharedSecretToken } from '../../src/infrastructure/auth/shared-secret-token-issuer.js';
import type { Databases } from './database.js';
import { isInterrupted } from './lifecycle.js';
import type { Target } from './load.js';
import type { BenchOptions } from './options.js';
import { progress } from './report.js';
import { SECRET, type Server } from './servers.js';

export interface SeededTargets {
  readonly service: Target;
  readonly floor: Target;
  /** How long seeding took on each, by target name. */
  readonly seconds: Record<string, number>;
}

/**
 * The users' tokens, then their tasks through each server's POST, then ANALYZE of both databases: what
 * autovacuum would do shortly after, as the planner needs statistics of the filled tables.
 */
export async function seedBoth(service: Server, floor: Server, databases: Databases, options: BenchOptions): Promise<SeededTargets> {
  const { users, tasksPerUser, connections } = options;
  const tokens = await Promise.all(
    Array.from({ length: users }, (_, n) => issueSharedSecretToken(SECRET, `bench-user-${n}`, { ttlSeconds: 6 * 3600 })),
  );
  await warnOfEarlierRuns(databases.serviceDb);
  const serviceTarget: Target = { name: 'service', url: service.url, tokens, ids: [], counter: 0 };
  const floorTarget: Target = { name: 'floor', url: floor.url, tokens, ids: [], counter: 0 };
  progress(`seeding ${users} users × ${tasksPerUser} tasks through each server's POST…`);
  const seconds: Record<string, number> = {};
  for (const target of [serviceTarget, floorTarget]) {
    const started = performance.now();
    target.ids = await seed(target, users, tasksPerUser, connections);
    seconds[target.name] = (performance.now() - started) / 1000;
  }
  await databases.serviceDb.query('ANALYZE');
  await databases.floorDb.query('ANALYZE');
  return { service: serviceTarget, floor: floorTarget, seconds };
}

async function warnOfEarlierRuns(serviceDb: pg.Client): Promise<void> {
  const existing = (await serviceDb.query<{ n: number }>('SELECT count(*)::int AS n FROM tasks WHERE user_id = $1', ['bench-user-0'])).rows[0]!.n;
  if (existing > 0) {
    progress(`warning: the service's database already holds ${existing} tasks of bench-user-0 from an earlier run; use a fresh database for comparable figures`);
  }
}

/** `users` × `tasksPerUser` tasks through the target's own POST, `connections` at a time; their ids per user. */
async function seed(target: Target, users: number, tasksPerUser: number, connections: number): Promise<string[][]> {
  const ids: string[][] = Array.from({ length: users }, () => []);
  const total = users * tasksPerUser;
  let next = 0;
  const worker = async () => {
    while (next < total && !isInterrupted()) {
      const k = next++;
      const user = k % users;
      const index = Math.floor(k / users);
      const response = await fetch(`${target.url}/api/tasks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${target.tokens[user]!}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `Task ${index + 1} of bench-user-${user}`, description: index % 2 === 0 ? null : 'seeded' }),
      });
      const text = await response.text();
      if (response.status !== 201) throw new Error(`seeding ${target.name}: POST answered ${response.status}: ${text.slice(0, 300)}`);
      ids[user]![index] = (JSON.parse(text) as { id: string }).id;
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  if (isInterrupted()) throw new Error('interrupted');
  return ids;
}

/**
 * Both servers must answer alike for the comparison to mean anything: the same task fields, the same number of
 * tasks in a user's first page, the same stats.
 */
export async function compareAnswers(service: Target, floor: Target, problems: string[]): Promise<void> {
  const answer = async (target: Target, requestPath: string) => {
    const response = await fetch(`${target.url}${requestPath}`, { headers: { authorization: `Bearer ${target.tokens[0]!}` } });
    return (await response.json()) as { items?: Record<string, unknown>[] } & Record<string, unknown>;
  };
  const [serviceList, floorList] = await Promise.all([answer(service, '/api/tasks'), answer(floor, '/api/tasks')]);
  const [serviceStats, floorStats] = await Promise.all([answer(service, '/api/tasks/stats'), answer(floor, '/api/tasks/stats')]);
  const keys = (page: typeof serviceList) => Object.keys(page.items?.[0] ?? {}).sort().join(',');
  const differences: string[] = [];
  if (keys(serviceList) !== keys(floorList)) differences.push(`task fields ${keys(serviceList)} vs ${keys(floorList)}`);
  if (serviceList.items?.length !== floorList.items?.length) differences.push(`first page ${serviceList.items?.length} vs ${floorList.items?.length} tasks`);
  if (JSON.stringify(serviceStats) !== JSON.stringify(floorStats)) differences.push(`stats ${JSON.stringify(serviceStats)} vs ${JSON.stringify(floorStats)}`);
  for (const difference of differences) {
    problems.push(`service and floor answer differently: ${difference}`);
    progress(`warning: service and floor answer differently: ${difference}`);
  }
}
