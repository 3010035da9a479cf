/**
 * Side-by-side benchmark (`npm run bench`): the service against the performance floor of
 * /work/shared/bench/README.md (bench/floor-server.ts), on the same PostgreSQL, with the same data and load.
 *
 * PostgreSQL is DATABASE_URL when set (the service uses its database, the floor `tasks_floor` on the same
 * server), else an embedded one started in a temporary directory. Both servers run as child processes exactly
 * as a user starts them (`node --import tsx …`); the load generator (autocannon) runs in this process. Each
 * server gets 200 users × 20 tasks through its own POST, then both databases are ANALYZEd. Every endpoint is
 * loaded with 16 connections in rounds alternating service / floor; requests rotate over the users (and their
 * tasks). The ratio is the median over the rounds of (service req/s ÷ floor req/s). Then: the service's memory,
 * a deep-page check (one user with 100,000 tasks: page 1 against page 1,000 by cursor) and, with
 * `--instances N`, the service scaled out to N processes on the same database.
 *
 * Progress goes to stderr, the report to stdout. The servers' own logs go to files (see the end of the report).
 *
 *   BENCH_SECONDS         seconds per measured run (default 6)
 *   BENCH_ROUNDS          alternating service / floor rounds per endpoint (default 3)
 *   BENCH_WARMUP          unmeasured seconds per server before each endpoint's rounds (default 2; 0: none)
 *   BENCH_ENDPOINTS       comma list, a subset of: list,get,stats,create,update,complete,hot,deep (default all)
 *   BENCH_INSTANCES       service processes for the scale-out run (default 1: none); also `--instances N`
 *   BENCH_DEEP_TASKS      tasks of the deep-page user (default 100000)
 *   BENCH_DEEP_SECONDS    seconds per deep-page run (default half of BENCH_SECONDS, at least 1)
 *   BENCH_USERS           seeded users (default 200)
 *   BENCH_TASKS_PER_USER  tasks seeded per user (default 20)
 *   BENCH_OUT             also write the results as JSON to this file
 *   BENCH_KEEP_LOGS       keep the servers' log files even when nothing went wrong
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, createReadStream, openSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { pino } from 'pino';
import { TaskListCursor } from '../src/application/queries/task-list-cursor.js';
import { issueSharedSecretToken } from '../src/infrastructure/auth/shared-secret-token-issuer.js';
import { EmbeddedDatabase } from '../src/infrastructure/persistence/embedded-database.js';
import { isoTimestamp } from '../src/infrastructure/persistence/sql-timestamp.js';
import { freePort } from '../src/infrastructure/system/free-port.js';

// ---------------------------------------------------------------------------------------------- settings

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SECRET = 'side-by-side-benchmark-secret-at-least-32-bytes-long';
const CONNECTIONS = 16;
const FLOOR_DATABASE = 'tasks_floor';
const DEEP_USER = 'bench-deep-user';
const ALL_ENDPOINTS = ['list', 'get', 'stats', 'create', 'update', 'complete', 'hot', 'deep'] as const;
type EndpointName = (typeof ALL_ENDPOINTS)[number];
/** The endpoints the scale-out run loads. */
const SCALE_OUT_ENDPOINTS: EndpointName[] = ['list', 'get', 'create'];

const SECONDS = numberFromEnv('BENCH_SECONDS', 6, 1);
const ROUNDS = numberFromEnv('BENCH_ROUNDS', 3, 1, true);
const WARMUP = numberFromEnv('BENCH_WARMUP', 2, 0);
const USERS = numberFromEnv('BENCH_USERS', 200, 1, true);
const TASKS_PER_USER = numberFromEnv('BENCH_TASKS_PER_USER', 20, 1, true);
const DEEP_TASKS = numberFromEnv('BENCH_DEEP_TASKS', 100_000, 101, true);
const DEEP_SECONDS = numberFromEnv('BENCH_DEEP_SECONDS', Math.max(1, Math.round(SECONDS / 2)), 1);
const INSTANCES = instancesOption();
const SELECTED = endpointsOption();
const KEEP_LOGS = Boolean(process.env.BENCH_KEEP_LOGS);

// ------------------------------------------------------------------------------------------------- types

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';

interface Endpoint {
  readonly name: EndpointName;
  readonly label: string;
  readonly method: Method;
  /** The k-th request of a run: which user, which path, which body. */
  request(k: number, ids: string[][]): { user: number; path: string; body?: string };
}

/** One server under load: where it is, its users' tokens and the ids of the tasks seeded through it. */
interface Target {
  readonly name: string;
  readonly url: string;
  readonly tokens: string[];
  ids: string[][];
  /** Carries the rotation over from run to run, so successive runs start on other users and tasks. */
  counter: number;
}

interface Measurement {
  readonly seconds: number;
  readonly requests: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly statusCodes: Record<string, number>;
}

interface Server {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
  readonly logFile: string;
}

// --------------------------------------------------------------------------------------------- endpoints

const userOf = (k: number) => k % USERS;
const taskOf = (k: number, ids: string[][]) => ids[userOf(k)]![Math.floor(k / USERS) % TASKS_PER_USER]!;

const ENDPOINTS: Endpoint[] = [
  { name: 'list', label: 'GET /api/tasks', method: 'GET', request: (k) => ({ user: userOf(k), path: '/api/tasks' }) },
  { name: 'get', label: 'GET /api/tasks/{id}', method: 'GET', request: (k, ids) => ({ user: userOf(k), path: `/api/tasks/${taskOf(k, ids)}` }) },
  { name: 'stats', label: 'GET /api/tasks/stats', method: 'GET', request: (k) => ({ user: userOf(k), path: '/api/tasks/stats' }) },
  {
    name: 'create',
    label: 'POST /api/tasks',
    method: 'POST',
    request: (k) => ({ user: userOf(k), path: '/api/tasks', body: JSON.stringify({ title: `Load task ${k}`, description: 'created under load' }) }),
  },
  {
    name: 'update',
    label: 'PUT /api/tasks/{id}',
    method: 'PUT',
    request: (k, ids) => ({ user: userOf(k), path: `/api/tasks/${taskOf(k, ids)}`, body: JSON.stringify({ title: `Renamed ${k}` }) }),
  },
  {
    name: 'complete',
    label: 'PATCH /api/tasks/{id}/complete',
    method: 'PATCH',
    request: (k, ids) => ({ user: userOf(k), path: `/api/tasks/${taskOf(k, ids)}/complete` }),
  },
];

/** Sixteen clients toggling one task: they queue on its row lock. Service only. */
const HOT_TOGGLE: Endpoint = {
  name: 'hot',
  label: 'PATCH …/complete (one hot task)',
  method: 'PATCH',
  request: (_k, ids) => ({ user: 0, path: `/api/tasks/${ids[0]![0]!}/complete` }),
};

// --------------------------------------------------------------------------------- processes and cleanup

const children = new Set<ChildProcess>();
const activeLoads = new Set<autocannon.Instance>();
const cleanups: (() => Promise<unknown>)[] = [];
let cleaning: Promise<void> | null = null;
let interrupted = false;
let keepLogs = KEEP_LOGS;

function cleanup(): Promise<void> {
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

/** The Node.js arguments of `npm start` (`node <flags> src/main.ts`): the service runs exactly as users start it. */
async function npmStartArguments(): Promise<string[]> {
  const { scripts } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [command, ...args] = scripts.start.split(/\s+/);
  if (command !== 'node') throw new Error(`npm start is not a plain node command: ${scripts.start}`);
  return args;
}

async function startServer(name: string, script: string, env: NodeJS.ProcessEnv, readyPath: string, logDir: string): Promise<Server> {
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
  children.add(child);
  const server = { name, url, child, logFile };
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && !interrupted) {
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

function assertRunning(servers: Server[]): void {
  for (const server of servers) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(`${server.name} exited under load (${server.child.exitCode ?? server.child.signalCode}); see ${server.logFile}`);
    }
  }
}

// ------------------------------------------------------------------------------------------------ main

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'tasks-bench-'));
  cleanups.push(() => rm(work, { recursive: true, force: true }));
  const logDir = await mkdtemp(path.join(os.tmpdir(), 'tasks-bench-logs-'));
  // Kept when something went wrong (or BENCH_KEEP_LOGS), else removed with the rest.
  cleanups.push(async () => {
    if (keepLogs && !interrupted) console.log(`\nServer logs kept in ${logDir}`);
    else await rm(logDir, { recursive: true, force: true });
  });

  // PostgreSQL
  let serviceUrl = process.env.DATABASE_URL;
  const embedded = !serviceUrl;
  if (!serviceUrl) {
    progress('starting an embedded PostgreSQL…');
    await chmod(work, 0o755);
    const database = await EmbeddedDatabase.start(path.join(work, 'postgres-data'), pino({ level: 'silent' }));
    // After a Ctrl-C in the terminal PostgreSQL has had its own SIGINT: stopping it again would wait forever.
    const port = Number(new URL(database.url).port);
    cleanups.push(async () => (await acceptsConnections(port)) && within(database.stop(), 30_000));
    serviceUrl = database.url;
  }
  const floorUrl = withDatabase(serviceUrl, FLOOR_DATABASE);
  await ensureDatabase(serviceUrl);
  await ensureDatabase(floorUrl);
  assertLoopback(serviceUrl);

  const serviceDb = new pg.Client({ connectionString: serviceUrl });
  const floorDb = new pg.Client({ connectionString: floorUrl });
  // A PostgreSQL that goes away (Ctrl-C reaches it too) must not crash us before we have cleaned up.
  for (const client of [serviceDb, floorDb]) client.on('error', (error) => interrupted || progress(`database connection: ${error.message}`));
  await serviceDb.connect();
  cleanups.push(() => serviceDb.end());
  await floorDb.connect();
  cleanups.push(() => floorDb.end());

  const machine = await describeMachine(serviceDb, embedded);
  printMachine(machine);

  // Servers
  const serviceEnv = {
    DATABASE_URL: serviceUrl,
    BETTER_AUTH_SECRET: SECRET,
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'info',
    DATA_DIR: path.join(work, 'service-data'),
  };
  progress('starting the service and the floor…');
  const service = await startServer('service', 'src/main.ts', serviceEnv, '/readyz', logDir);
  const floor = await startServer('floor', 'bench/floor-server.ts', { DATABASE_URL: floorUrl, BETTER_AUTH_SECRET: SECRET }, '/api/tasks', logDir);
  const servers = [service, floor];
  await floorDb.query('TRUNCATE tasks');

  // Data
  const tokens = await Promise.all(
    Array.from({ length: USERS }, (_, n) => issueSharedSecretToken(SECRET, `bench-user-${n}`, { ttlSeconds: 6 * 3600 })),
  );
  const existing = (await serviceDb.query<{ n: number }>('SELECT count(*)::int AS n FROM tasks WHERE user_id = $1', ['bench-user-0'])).rows[0]!.n;
  if (existing > 0) {
    progress(`warning: the service's database already holds ${existing} tasks of bench-user-0 from an earlier run; use a fresh database for comparable figures`);
  }
  const serviceTarget: Target = { name: 'service', url: service.url, tokens, ids: [], counter: 0 };
  const floorTarget: Target = { name: 'floor', url: floor.url, tokens, ids: [], counter: 0 };
  progress(`seeding ${USERS} users × ${TASKS_PER_USER} tasks through each server's POST…`);
  const seedSeconds: Record<string, number> = {};
  for (const target of [serviceTarget, floorTarget]) {
    const started = performance.now();
    target.ids = await seed(target);
    seedSeconds[target.name] = (performance.now() - started) / 1000;
  }
  // What autovacuum would do shortly after: the planner needs statistics of the filled tables.
  await serviceDb.query('ANALYZE');
  await floorDb.query('ANALYZE');

  const results: Record<string, unknown> = { machine, settings: settings(), seed_seconds: seedSeconds };
  const problems: string[] = [];
  await compareAnswers(serviceTarget, floorTarget, problems);

  // Endpoint by endpoint, rounds alternating service / floor
  const rows: EndpointResult[] = [];
  for (const endpoint of ENDPOINTS.filter((candidate) => SELECTED.has(candidate.name))) {
    if (WARMUP > 0) {
      progress(`${endpoint.name}: warming up…`);
      await load(serviceTarget, endpoint, CONNECTIONS, WARMUP);
      await load(floorTarget, endpoint, CONNECTIONS, WARMUP);
    }
    const pairs: { service: Measurement; floor: Measurement }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      progress(`${endpoint.name}: round ${round}/${ROUNDS}`);
      const serviceRun = await load(serviceTarget, endpoint, CONNECTIONS, SECONDS);
      const floorRun = await load(floorTarget, endpoint, CONNECTIONS, SECONDS);
      pairs.push({ service: serviceRun, floor: floorRun });
      assertRunning(servers);
    }
    rows.push(endpointResult(endpoint, pairs));
  }
  let hot: Measurement | null = null;
  if (SELECTED.has('hot')) {
    progress('hot task: 16 clients toggling one task on the service…');
    hot = await load(serviceTarget, HOT_TOGGLE, CONNECTIONS, SECONDS);
    assertRunning(servers);
  }
  const memory = { service: await memoryOf(service.child), floor: await memoryOf(floor.child) };

  console.log(`\nService ÷ floor, ${CONNECTIONS} connections, ${SECONDS} s a run, ${ROUNDS} round(s) alternating service / floor`);
  console.log(`(${USERS} users × ${TASKS_PER_USER} tasks seeded through each server's POST; req/s counts 2xx only; median of the rounds, range in brackets)\n`);
  printEndpointTable(rows, hot);
  for (const row of rows) {
    for (const [side, runs] of [['service', row.service], ['floor', row.floor]] as const) {
      const failed = runs.filter((run) => run.non2xx + run.errors > 0);
      if (failed.length > 0) problems.push(`${row.name} (${side}): ${describeFailures(failed)}`);
    }
  }
  if (hot && hot.non2xx + hot.errors > 0) problems.push(`hot (service): ${describeFailures([hot])}`);
  console.log(
    `\nMemory after the load: service RSS ${mib(memory.service.rss)} (peak ${mib(memory.service.peak)}), ` +
      `floor RSS ${mib(memory.floor.rss)} (peak ${mib(memory.floor.peak)})`,
  );
  results.endpoints = rows;
  results.hot_task = hot;
  results.memory_kib = memory;

  // Deep page
  if (SELECTED.has('deep')) {
    const deep = await deepPageCheck(serviceDb, serviceTarget, problems);
    results.deep_page = deep;
    assertRunning(servers);
  }

  // Scale-out
  if (INSTANCES > 1) {
    const instances = [service];
    for (let n = 2; n <= INSTANCES; n++) {
      progress(`starting service instance ${n}…`);
      instances.push(await startServer(`service-${n}`, 'src/main.ts', serviceEnv, '/readyz', logDir));
    }
    servers.push(...instances.slice(1));
    results.scale_out = await scaleOut(instances, serviceTarget, problems);
    assertRunning(servers);
  }

  // The servers' logs
  const logs: Record<string, LogSummary> = {};
  for (const server of servers) logs[server.name] = await summariseLog(server.logFile);
  results.logs = logs;
  console.log('\nServer logs:');
  for (const [name, summary] of Object.entries(logs)) {
    console.log(`  ${name}: ${summary.lines} lines, ${summary.warnings} warnings, ${summary.errors} errors${summary.samples.length ? ':' : ''}`);
    for (const sample of summary.samples) console.log(`    ${sample}`);
    if (summary.errors > 0) problems.push(`${name} logged ${summary.errors} errors`);
  }

  results.problems = problems;
  if (problems.length > 0) {
    console.log('\n!! PROBLEMS (each must be 0 errors for the figures to count):');
    for (const problem of problems) console.log(`  !! ${problem}`);
    process.exitCode = 1;
  }
  if (problems.length > 0) keepLogs = true;
  if (process.env.BENCH_OUT) {
    await mkdir(path.dirname(path.resolve(process.env.BENCH_OUT)), { recursive: true });
    await writeFile(process.env.BENCH_OUT, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nResults written to ${process.env.BENCH_OUT}`);
  }
}

// ------------------------------------------------------------------------------------------------- seeding

/** USERS × TASKS_PER_USER tasks through the target's own POST, 16 at a time; returns their ids per user. */
async function seed(target: Target): Promise<string[][]> {
  const ids: string[][] = Array.from({ length: USERS }, () => []);
  const total = USERS * TASKS_PER_USER;
  let next = 0;
  const worker = async () => {
    while (next < total && !interrupted) {
      const k = next++;
      const user = k % USERS;
      const index = Math.floor(k / USERS);
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
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  if (interrupted) throw new Error('interrupted');
  return ids;
}

/**
 * Both servers must answer alike for the comparison to mean anything: the same task fields, the same number of
 * tasks in a user's first page, the same stats.
 */
async function compareAnswers(service: Target, floor: Target, problems: string[]): Promise<void> {
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

// ---------------------------------------------------------------------------------------------------- load

/** One autocannon run against one target; latencies of 2xx answers, exact (autocannon's own are whole ms). */
async function load(target: Target, endpoint: Endpoint, connections: number, seconds: number): Promise<Measurement> {
  return (await runLoad(target, endpoint, connections, seconds)).run;
}

async function runLoad(
  target: Target,
  endpoint: Endpoint,
  connections: number,
  seconds: number,
): Promise<{ run: Measurement; latencies: number[] }> {
  if (interrupted) throw new Error('interrupted');
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.url,
        connections,
        duration: seconds,
        method: endpoint.method,
        requests: [
          {
            setupRequest: (request) => {
              const { user, path: requestPath, body } = endpoint.request(target.counter++, target.ids);
              const headers: Record<string, string> = { authorization: `Bearer ${target.tokens[user]!}` };
              if (body !== undefined) headers['content-type'] = 'application/json';
              return { ...request, method: endpoint.method, path: requestPath, headers, body: body ?? '' };
            },
          },
        ],
      },
      (error: unknown, done: autocannon.Result) => {
        activeLoads.delete(instance);
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve(done);
      },
    );
    activeLoads.add(instance);
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
  return { run: measurement(result, latencies), latencies };
}

function measurement(result: autocannon.Result, latencies: number[]): Measurement {
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stats.count ?? 0;
  const sorted = Float64Array.from(latencies).sort();
  return {
    seconds: result.duration,
    requests: latencies.length,
    rps: latencies.length / result.duration,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
}

function combine(runs: Measurement[], latencies: Float64Array): Measurement {
  const statusCodes: Record<string, number> = {};
  for (const run of runs) for (const [code, count] of Object.entries(run.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + count;
  return {
    seconds: Math.max(...runs.map((run) => run.seconds)),
    requests: sum(runs.map((run) => run.requests)),
    rps: sum(runs.map((run) => run.rps)),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    non2xx: sum(runs.map((run) => run.non2xx)),
    errors: sum(runs.map((run) => run.errors)),
    timeouts: sum(runs.map((run) => run.timeouts)),
    statusCodes,
  };
}

// ----------------------------------------------------------------------------------------------- reporting

interface EndpointResult {
  name: EndpointName;
  label: string;
  service: Measurement[];
  floor: Measurement[];
  ratios: number[];
  ratio: number;
}

function endpointResult(endpoint: Endpoint, pairs: { service: Measurement; floor: Measurement }[]): EndpointResult {
  const ratios = pairs.map((pair) => (pair.floor.rps > 0 ? pair.service.rps / pair.floor.rps : Number.NaN));
  return {
    name: endpoint.name,
    label: endpoint.label,
    service: pairs.map((pair) => pair.service),
    floor: pairs.map((pair) => pair.floor),
    ratios,
    ratio: median(ratios),
  };
}

function printEndpointTable(rows: EndpointResult[], hot: Measurement | null): void {
  const header = ['endpoint', 'service req/s', 'p50 ms', 'p99 ms', 'floor req/s', 'p50 ms', 'p99 ms', 'ratio', 'non-2xx/errors'];
  const lines: string[][] = rows.map((row) => [
    `${row.name}  ${row.label}`,
    rpsCell(row.service),
    ms(median(row.service.map((run) => run.p50))),
    ms(median(row.service.map((run) => run.p99))),
    rpsCell(row.floor),
    ms(median(row.floor.map((run) => run.p50))),
    ms(median(row.floor.map((run) => run.p99))),
    row.ratio.toFixed(2),
    failureCell([...row.service, ...row.floor]),
  ]);
  if (hot) {
    lines.push([`hot  ${HOT_TOGGLE.label}`, rpsCell([hot]), ms(hot.p50), ms(hot.p99), '—', '—', '—', '—', failureCell([hot])]);
  }
  printTable(header, lines);
}

function rpsCell(runs: Measurement[]): string {
  const values = runs.map((run) => run.rps);
  const middle = count(median(values));
  return values.length > 1 ? `${middle} (${count(Math.min(...values))}–${count(Math.max(...values))})` : middle;
}

function failureCell(runs: Measurement[]): string {
  const failures = sum(runs.map((run) => run.non2xx + run.errors));
  return failures === 0 ? '0' : `${failures} !!`;
}

function describeFailures(runs: Measurement[]): string {
  const statusCodes: Record<string, number> = {};
  for (const run of runs) {
    for (const [code, n] of Object.entries(run.statusCodes)) if (!code.startsWith('2')) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  }
  const codes = Object.entries(statusCodes).map(([code, n]) => `${n}× ${code}`);
  const errors = sum(runs.map((run) => run.errors));
  const timeouts = sum(runs.map((run) => run.timeouts));
  if (errors > 0) codes.push(`${errors} connection errors (${timeouts} timeouts)`);
  return codes.join(', ');
}

function printTable(header: string[], lines: string[][]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[column]!))).join('  ');
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of lines) console.log(format(line));
}

// ----------------------------------------------------------------------------------------------- deep page

/**
 * One user with DEEP_TASKS tasks written straight into the service's table; page 1 against page 1,000 (or the
 * last full page for a smaller user) reached by a cursor built the way the service builds it. Keyset paging
 * should make both cost the same.
 */
async function deepPageCheck(db: pg.Client, serviceTarget: Target, problems: string[]): Promise<unknown> {
  progress(`deep page: inserting ${DEEP_TASKS.toLocaleString('en-US')} tasks for ${DEEP_USER}…`);
  await db.query('DELETE FROM tasks WHERE user_id = $1', [DEEP_USER]);
  // Whole seconds apart: distinct creation times at the millisecond precision of the service's cursors.
  await db.query(
    `INSERT INTO tasks (id, user_id, title, description, completed, completed_at, created_at, updated_at, version)
     SELECT gen_random_uuid(), $1, 'Deep task ' || n, CASE WHEN n % 2 = 0 THEN 'described' END, n % 3 = 0,
            CASE WHEN n % 3 = 0 THEN t END, t, t, 1
       FROM generate_series(1, $2::int) AS n,
            LATERAL (SELECT timestamptz '2026-01-01T00:00:00Z' + n * interval '1 second' AS t) AS at`,
    [DEEP_USER, DEEP_TASKS],
  );
  await db.query('ANALYZE tasks');

  const page = Math.min(1000, Math.floor((DEEP_TASKS - 1) / 100) + 1);
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
  const expectedItems = Math.min(100, DEEP_TASKS - cursorRow);
  if (check.items?.[0]?.id !== expected!.id || check.items.length !== expectedItems) {
    const problem = `deep page: the cursor of row ${cursorRow} did not lead to row ${cursorRow + 1} (got ${JSON.stringify(check).slice(0, 200)})`;
    problems.push(problem);
    console.log(`\n!! ${problem}`);
    return { page, error: problem };
  }

  const first: Endpoint = { name: 'deep', label: 'page 1', method: 'GET', request: () => ({ user: 0, path: '/api/tasks?limit=100' }) };
  const deep: Endpoint = { name: 'deep', label: `page ${page}`, method: 'GET', request: () => ({ user: 0, path: `/api/tasks?limit=100&cursor=${cursor}` }) };
  if (WARMUP > 0) {
    await load(deepTarget, first, CONNECTIONS, WARMUP);
    await load(deepTarget, deep, CONNECTIONS, WARMUP);
  }
  const firstRuns: Measurement[] = [];
  const deepRuns: Measurement[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    progress(`deep page: round ${round}/${ROUNDS}`);
    firstRuns.push(await load(deepTarget, first, CONNECTIONS, DEEP_SECONDS));
    deepRuns.push(await load(deepTarget, deep, CONNECTIONS, DEEP_SECONDS));
  }
  const p50 = (runs: Measurement[]) => median(runs.map((run) => run.p50));
  const p99 = (runs: Measurement[]) => median(runs.map((run) => run.p99));
  console.log(
    `\nDeep page (service only): one user with ${DEEP_TASKS.toLocaleString('en-US')} tasks, GET /api/tasks?limit=100, ` +
      `${CONNECTIONS} connections, ${DEEP_SECONDS} s a run, ${ROUNDS} round(s); cursor checked (page ${page} starts at row ${cursorRow + 1})\n`,
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
  for (const [label, runs] of [['page 1', firstRuns], [`page ${page}`, deepRuns]] as const) {
    const failed = runs.filter((run) => run.non2xx + run.errors > 0);
    if (failed.length > 0) problems.push(`deep page, ${label}: ${describeFailures(failed)}`);
  }
  return { tasks: DEEP_TASKS, page, page_1: firstRuns, deep: deepRuns, latency_ratio: ratio };
}

// ----------------------------------------------------------------------------------------------- scale-out

/**
 * The same total load (16 connections) on one instance, then split evenly over INSTANCES processes on the same
 * database (16 ÷ N connections each, one autocannon run per instance, in parallel), rounds alternating.
 */
async function scaleOut(instances: Server[], serviceTarget: Target, problems: string[]): Promise<unknown> {
  const perInstance = Math.max(1, Math.floor(CONNECTIONS / instances.length));
  const targets: Target[] = instances.map((instance, n) => ({
    ...serviceTarget,
    name: instance.name,
    url: instance.url,
    counter: serviceTarget.counter + n * 7919,
  }));
  const rows: string[][] = [];
  const results: unknown[] = [];
  for (const endpoint of ENDPOINTS.filter((candidate) => SCALE_OUT_ENDPOINTS.includes(candidate.name) && SELECTED.has(candidate.name))) {
    // The new instances start cold: give every instance a few seconds to warm up (JIT, pools, statements).
    if (WARMUP > 0) await Promise.all(targets.map((target) => load(target, endpoint, perInstance, Math.max(WARMUP, 3))));
    const single: Measurement[] = [];
    const multi: Measurement[] = [];
    const perInstanceRuns: Measurement[][] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      progress(`scale-out ${endpoint.name}: round ${round}/${ROUNDS}`);
      single.push(await load(targets[0]!, endpoint, CONNECTIONS, SECONDS));
      const split = await loadSplit(targets, endpoint, perInstance, SECONDS);
      multi.push(split.aggregate);
      perInstanceRuns.push(split.runs);
      assertRunning(instances);
    }
    const ratios = single.map((run, n) => multi[n]!.rps / run.rps);
    rows.push([
      `${endpoint.name}  ${endpoint.label}`,
      rpsCell(single),
      ms(median(single.map((run) => run.p99))),
      rpsCell(multi),
      ms(median(multi.map((run) => run.p99))),
      median(ratios).toFixed(2),
      failureCell([...single, ...multi]),
    ]);
    for (const [label, runs] of [['1 instance', single], [`${instances.length} instances`, multi]] as const) {
      const failed = runs.filter((run) => run.non2xx + run.errors > 0);
      if (failed.length > 0) problems.push(`scale-out ${endpoint.name}, ${label}: ${describeFailures(failed)}`);
    }
    results.push({ endpoint: endpoint.name, single, multi, per_instance: perInstanceRuns, ratios, ratio: median(ratios) });
  }
  console.log(
    `\nScale-out: ${instances.length} service instances on the same database. ${CONNECTIONS} connections in total either way: ` +
      `${CONNECTIONS} on instance 1 alone, or ${perInstance} on each instance (one autocannon run per instance, in parallel).\n`,
  );
  printTable(['endpoint', '1 instance req/s', 'p99 ms', `${instances.length} instances req/s`, 'p99 ms', 'aggregate ÷ one', 'non-2xx/errors'], rows);
  return { instances: instances.length, connections_per_instance: perInstance, endpoints: results };
}

/** Parallel runs, one per target; the aggregate (req/s summed, percentiles over all answers) and each run. */
async function loadSplit(
  targets: Target[],
  endpoint: Endpoint,
  connections: number,
  seconds: number,
): Promise<{ aggregate: Measurement; runs: Measurement[] }> {
  const loads = await Promise.all(targets.map((target) => runLoad(target, endpoint, connections, seconds)));
  const runs = loads.map(({ run }) => run);
  return { aggregate: combine(runs, Float64Array.from(loads.flatMap(({ latencies }) => latencies)).sort()), runs };
}

// ------------------------------------------------------------------------------------------------- helpers

interface MachineInfo {
  cpu: string;
  cores: number;
  memory_gib: number;
  load_average: number[];
  node: string;
  postgresql: string;
  database: string;
}

async function describeMachine(db: pg.Client, embedded: boolean): Promise<MachineInfo> {
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

function printMachine(machine: MachineInfo): void {
  console.log(
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory_gib} GiB, load average ${machine.load_average.join(' ')}; ` +
      `Node ${machine.node}; PostgreSQL ${machine.postgresql} (${machine.database})`,
  );
}

function settings(): Record<string, unknown> {
  return {
    connections: CONNECTIONS,
    seconds: SECONDS,
    rounds: ROUNDS,
    warmup_seconds: WARMUP,
    users: USERS,
    tasks_per_user: TASKS_PER_USER,
    deep_tasks: DEEP_TASKS,
    deep_seconds: DEEP_SECONDS,
    instances: INSTANCES,
    endpoints: [...SELECTED],
  };
}

interface LogSummary {
  lines: number;
  warnings: number;
  errors: number;
  samples: string[];
}

/** Counts the pino lines at warn (40) and above, with a few distinct messages of them. */
async function summariseLog(file: string): Promise<LogSummary> {
  const summary: LogSummary = { lines: 0, warnings: 0, errors: 0, samples: [] };
  const lines = readline.createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    summary.lines++;
    let level = 0;
    let message = line;
    if (line.startsWith('{')) {
      try {
        const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string }; status?: number };
        level = entry.level ?? 0;
        message = [entry.msg, entry.status && `status ${entry.status}`, entry.err?.message].filter(Boolean).join(' — ');
      } catch {
        // not JSON: count as plain output
      }
    } else if (/error/i.test(line)) {
      level = 50;
    }
    if (level >= 50) summary.errors++;
    else if (level >= 40) summary.warnings++;
    if (level >= 40 && summary.samples.length < 5) {
      const sample = `${level >= 50 ? 'error' : 'warn'}: ${message.slice(0, 200)}`;
      if (!summary.samples.includes(sample)) summary.samples.push(sample);
    }
  }
  return summary;
}

async function memoryOf(child: ChildProcess): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  target.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: target.toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
}

function withDatabase(url: string, database: string): string {
  const target = new URL(url);
  target.pathname = `/${database}`;
  return target.toString();
}

function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host)) {
    progress(`note: PostgreSQL is on ${host}, not this machine; the servers themselves are only reached on 127.0.0.1`);
  }
}

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function tail(file: string, lines = 20): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function median(values: number[]): number {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function count(value: number): string {
  return Number.isNaN(value) ? '—' : Math.round(value).toLocaleString('en-US');
}

function ms(value: number): string {
  if (Number.isNaN(value)) return '—';
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

function mib(kib: number): string {
  return Number.isNaN(kib) ? '—' : `${Math.round(kib / 1024)} MiB`;
}

function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

function numberFromEnv(name: string, fallback: number, min: number, integer = false): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new Error(`${name} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}, not "${raw}"`);
  }
  return value;
}

function instancesOption(): number {
  const args = process.argv.slice(2);
  let raw = process.env.BENCH_INSTANCES;
  for (let n = 0; n < args.length; n++) {
    if (args[n] === '--instances') raw = args[n + 1];
    else if (args[n]!.startsWith('--instances=')) raw = args[n]!.slice('--instances='.length);
  }
  if (raw === undefined || raw === '') return 1;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 8) throw new Error(`--instances / BENCH_INSTANCES must be an integer from 1 to 8, not "${raw}"`);
  return value;
}

function endpointsOption(): Set<EndpointName> {
  const raw = process.env.BENCH_ENDPOINTS;
  if (!raw) return new Set(ALL_ENDPOINTS);
  const names = raw.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(ALL_ENDPOINTS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`BENCH_ENDPOINTS: unknown ${unknown.join(', ')} (known: ${ALL_ENDPOINTS.join(', ')})`);
  return new Set(names as EndpointName[]);
}

try {
  await main();
} catch (error) {
  if (!interrupted) {
    console.error(`\nbenchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
    keepLogs = true;
  }
} finally {
  if (!interrupted) {
    progress('stopping…');
    await cleanup();
  }
}
