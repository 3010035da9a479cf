/**
 * The deep-page check (service only): one user with many tasks written straight into the service's table;
 * page 1 against page 1,000 (or the last full page for a smaller user) reached by a cursor built the way the
 * service builds it. Keyset paging should make both cost the same.
 */
import type pg from 'pg';
import { TaskListCursor } from '../../src/application/queries/task-list-cursor.js';
import { issueSharedSecretToken } from '../../src/infrastructure/auth/shared-secret-token-issuer.js';
import { isoTimestamp } from '../../src/infrastructure/persistence/postgres/sql-timestamp.js';
import type { Endpoint } from './endpoints.js';
import { load, type Measurement, type Target } from './load.js';
import type { BenchOptions } from './options.js';
import { failureCell, failuresOf, ms, printTable, progress, rpsCell } from './report.js';
import { SECRET } from './servers.js';
import { median } from './statistics.js';

const DEEP_USER = 'bench-deep-user';
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Task n's manual-order key: `c` and three base-62 digits, as the subtasks migration numbers existing tasks. */
const ORDER_KEY = `'c' || ${[62 * 62, 62, 1].map((d) => `substr('${DIGITS}', (n / ${d}) % 62 + 1, 1)`).join(' || ')}`;

export async function deepPageCheck(db: pg.Client, serviceTarget: Target, options: BenchOptions, problems: string[]): Promise<unknown> {
  const { deepTasks, connections, warmup, rounds, deepSeconds } = options;
  progress(`deep page: inserting ${deepTasks.toLocaleString('en-US')} tasks for ${DEEP_USER}…`);
  await db.query('DELETE FROM tasks WHERE user_id = $1', [DEEP_USER]);
  // Every task is in a list: the user's inbox, made here as the service makes it on first use.
  await db.query(
    `INSERT INTO task_lists (id, user_id, name, is_inbox, position, created_at, updated_at)
     VALUES (gen_random_uuid(), $1, 'Inbox', true, 'a0', now(), now()) ON CONFLICT DO NOTHING`,
    [DEEP_USER],
  );
  // Whole seconds apart: distinct creation times at the millisecond precision of the service's cursors.
  await db.query(
    `INSERT INTO tasks (id, user_id, title, description, completed, completed_at, created_at, updated_at, version, position, list_id)
     SELECT gen_random_uuid(), $1::varchar, 'Deep task ' || n, CASE WHEN n % 2 = 0 THEN 'described' END, n % 3 = 0,
            CASE WHEN n % 3 = 0 THEN t END, t, t, 1, ${ORDER_KEY},
            (SELECT id FROM task_lists WHERE user_id = $1::varchar AND is_inbox)
       FROM generate_series(1, $2::int) AS n,
            LATERAL (SELECT timestamptz '2026-01-01T00:00:00Z' + n * interval '1 second' AS t) AS at`,
    [DEEP_USER, deepTasks],
  );
  await db.query('ANALYZE tasks');

  const page = Math.min(1000, Math.floor((deepTasks - 1) / 100) + 1);
  const cursorRow = (page - 1) * 100; // 1-based position of the last task of the page before
  const { rows } = await db.query<{ id: string; created_at: string }>(
    `SELECT id::text, ${isoTimestamp('created_at')} AS created_at
       FROM tasks WHERE user_id = $1 ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT 2`,
    [DEEP_USER, cursorRow - 1],
  );
  const [last, expected] = rows;
  const cursor = TaskListCursor.encode('created_at', 'desc', { value: last!.created_at, id: last!.id });
  const token = await issueSharedSecretToken(SECRET, DEEP_USER, { ttlSeconds: 3600 });
  const deepTarget: Target = { ...serviceTarget, name: 'service (deep user)', tokens: [token], ids: [], counter: 0 };

  const check = await (
    await fetch(`${deepTarget.url}/api/tasks?limit=100&cursor=${cursor}`, { headers: { authorization: `Bearer ${token}` } })
  ).json() as { items?: { id: string }[] };
  const expectedItems = Math.min(100, deepTasks - cursorRow);
  if (check.items?.[0]?.id !== expected!.id || check.items.length !== expectedItems) {
    const problem = `deep page: the cursor of row ${cursorRow} did not lead to row ${cursorRow + 1} (got ${JSON.stringify(check).slice(0, 200)})`;
    problems.push(problem);
    console.log(`\n!! ${problem}`);
    return { page, error: problem };
  }

  const first: Endpoint = { name: 'deep', label: 'page 1', method: 'GET', request: () => ({ user: 0, path: '/api/tasks?limit=100' }) };
  const deep: Endpoint = { name: 'deep', label: `page ${page}`, method: 'GET', request: () => ({ user: 0, path: `/api/tasks?limit=100&cursor=${cursor}` }) };
  if (warmup > 0) {
    await load(deepTarget, first, connections, warmup);
    await load(deepTarget, deep, connections, warmup);
  }
  const firstRuns: Measurement[] = [];
  const deepRuns: Measurement[] = [];
  for (let round = 1; round <= rounds; round++) {
    progress(`deep page: round ${round}/${rounds}`);
    firstRuns.push(await load(deepTarget, first, connections, deepSeconds));
    deepRuns.push(await load(deepTarget, deep, connections, deepSeconds));
  }
  const p50 = (runs: Measurement[]) => median(runs.map((run) => run.p50));
  const p99 = (runs: Measurement[]) => median(runs.map((run) => run.p99));
  console.log(
    `\nDeep page (service only): one user with ${deepTasks.toLocaleString('en-US')} tasks, GET /api/tasks?limit=100, ` +
      `${connections} connections, ${deepSeconds} s a run, ${rounds} round(s); cursor checked (page ${page} starts at row ${cursorRow + 1})\n`,
  );
  printTable(
    ['page', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx/errors'],
    [
      ['page 1', rpsCell(firstRuns), ms(p50(firstRuns)), ms(p99(firstRuns)), failureCell(firstRuns)],
      [`page ${page}`, rpsCell(deepRuns), ms(p50(deepRuns)), ms(p99(deepRuns)), failureCell(deepRuns)],
    ],
  );
  const ratio = { p50: p50(deepRuns) / p50(firstRuns), p99: p99(deepRuns) / p99(firstRuns) };
  console.log(`deep ÷ page-1 latency: p50 ${ratio.p50.toFixed(2)}, p99 ${ratio.p99.toFixed(2)}`);
  for (const [label, runs] of [['page 1', firstRuns], [`page ${page}`, deepRuns]] as const) problems.push(...failuresOf(`deep page, ${label}`, runs));
  return { tasks: deepTasks, page, page_1: firstRuns, deep: deepRuns, latency_ratio: ratio };
}
