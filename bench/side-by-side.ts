/**
 * Side-by-side benchmark (`npm run bench`): the service against the performance floor of
 * /work/shared/bench/README.md (bench/floor-server.ts), on the same PostgreSQL, with the same data and load.
 *
 * PostgreSQL is DATABASE_URL when set (the service uses its database, the floor `tasks_floor` on the same
 * server), else an embedded one started in a temporary directory. Both servers run as child processes exactly
 * as a user starts them (`npm start` for the service); the load generator (autocannon) runs in this process. Each
 * server gets 200 users × 20 tasks through its own POST, then both databases are ANALYZEd. Every endpoint is
 * loaded with 16 connections in rounds alternating service / floor; requests rotate over the users (and their
 * tasks). The ratio is the median over the rounds of (service req/s ÷ floor req/s). Then: the service's memory
 * (settled after start, settled after the seed, after the rounds, and after a minute of mixed load from 2,000
 * other users, right after it and settled), a deep-page check (one user with 100,000 tasks: page 1 against page 1,000 by cursor) and, with
 * `--instances N`, the service scaled out to N processes on the same database.
 *
 * Progress goes to stderr, the report to stdout. The servers' own logs go to files (see the end of the report).
 * The options and variables are listed by `--help` (bench/side-by-side/options.ts); each phase has its module
 * under bench/side-by-side/.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDatabases } from './side-by-side/database.js';
import { deepPageCheck } from './side-by-side/deep-page.js';
import { comparedEndpoints } from './side-by-side/endpoints.js';
import { atCleanup, cleanup, cleanUpOnSignals, isInterrupted } from './side-by-side/lifecycle.js';
import { describeMachine, printMachine } from './side-by-side/machine.js';
import { memoryLoad, printMemoryLoad, type MemoryLoadResult } from './side-by-side/memory-load.js';
import { memoryOf, memoryRecord, printMemory, QUIET_SECONDS, settledMemoryOf } from './side-by-side/memory.js';
import { parseOptions, settingsRecord, USAGE, type BenchOptions } from './side-by-side/options.js';
import { failuresOf, printEndpointTable, progress } from './side-by-side/report.js';
import { compareEndpoints, hotTask } from './side-by-side/rounds.js';
import { scaleOut } from './side-by-side/scale-out.js';
import { compareAnswers, seedBoth } from './side-by-side/seed.js';
import { summariseLog, type LogSummary } from './side-by-side/server-logs.js';
import { assertRunning, SECRET, startServer } from './side-by-side/servers.js';

let keepLogs = false;

async function main(options: BenchOptions): Promise<void> {
  keepLogs = options.keepLogs;
  const work = await mkdtemp(path.join(os.tmpdir(), 'tasks-bench-'));
  atCleanup(() => rm(work, { recursive: true, force: true }));
  const logDir = await mkdtemp(path.join(os.tmpdir(), 'tasks-bench-logs-'));
  // Kept when something went wrong (or BENCH_KEEP_LOGS), else removed with the rest.
  atCleanup(async () => {
    if (keepLogs && !isInterrupted()) console.log(`\nServer logs kept in ${logDir}`);
    else await rm(logDir, { recursive: true, force: true });
  });

  // PostgreSQL
  const databases = await openDatabases(work);
  const machine = await describeMachine(databases.serviceDb, databases.embedded);
  printMachine(machine);

  // Servers
  const serviceEnv = {
    DATABASE_URL: databases.serviceUrl,
    BETTER_AUTH_SECRET: SECRET,
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'info',
    DATA_DIR: path.join(work, 'service-data'),
  };
  progress('starting the service and the floor…');
  const service = await startServer('service', 'src/main.ts', serviceEnv, '/readyz', logDir);
  const floor = await startServer('floor', 'bench/floor-server.ts', { DATABASE_URL: databases.floorUrl, BETTER_AUTH_SECRET: SECRET }, '/api/tasks', logDir);
  const servers = [service, floor];
  await databases.floorDb.query('TRUNCATE tasks');
  const idle = await settledMemoryOf(service.child, QUIET_SECONDS.idle, 'before the idle reading');

  // Data
  const seeded = await seedBoth(service, floor, databases, options);
  const idleAfterSeed = await settledMemoryOf(service.child, QUIET_SECONDS.idle, 'after the seed');
  const results: Record<string, unknown> = { machine, settings: settingsRecord(options), seed_seconds: seeded.seconds };
  const problems: string[] = [];
  await compareAnswers(seeded.service, seeded.floor, problems);

  // Endpoint by endpoint, rounds alternating service / floor
  const endpoints = comparedEndpoints(options.users, options.tasksPerUser);
  const rows = await compareEndpoints(seeded.service, seeded.floor, endpoints, servers, options);
  const hot = await hotTask(seeded.service, servers, options);
  const afterEndpoints = await memoryOf(service.child);
  const floorMemory = await memoryOf(floor.child);

  // Memory under a mixed load from many users
  let mixed: MemoryLoadResult | null = null;
  if (options.endpoints.has('memory')) {
    mixed = await memoryLoad(service, options, problems);
    assertRunning(servers);
  }
  const serviceMemory = { idle, idleAfterSeed, afterEndpoints, afterLoad: mixed?.afterLoad, afterLoadSettled: mixed?.afterLoadSettled };

  const { connections, seconds, rounds } = options;
  console.log(`\nService ÷ floor, ${connections} connections, ${seconds} s a run, ${rounds} round(s) alternating service / floor`);
  console.log(`(${options.users} users × ${options.tasksPerUser} tasks seeded through each server's POST; req/s counts 2xx only; median of the rounds, range in brackets)\n`);
  printEndpointTable(rows, hot);
  for (const row of rows) {
    for (const [side, runs] of [['service', row.service], ['floor', row.floor]] as const) problems.push(...failuresOf(`${row.name} (${side})`, runs));
  }
  if (hot) problems.push(...failuresOf('hot (service)', [hot]));
  if (mixed) printMemoryLoad(mixed);
  printMemory(serviceMemory, floorMemory, mixed);
  results.endpoints = rows;
  results.hot_task = hot;
  results.memory_load = mixed && { users: mixed.users, seconds: mixed.seconds, connections: mixed.connections, run: mixed.run, requested: mixed.requested, peak_of_load: mixed.peakOfLoad };
  results.memory_kib = memoryRecord(serviceMemory, floorMemory);

  // Deep page
  if (options.endpoints.has('deep')) {
    results.deep_page = await deepPageCheck(databases.serviceDb, seeded.service, options, problems);
    assertRunning(servers);
  }

  // Scale-out
  if (options.instances > 1) {
    const instances = [service];
    for (let n = 2; n <= options.instances; n++) {
      progress(`starting service instance ${n}…`);
      instances.push(await startServer(`service-${n}`, 'src/main.ts', serviceEnv, '/readyz', logDir));
    }
    servers.push(...instances.slice(1));
    results.scale_out = await scaleOut(instances, seeded.service, endpoints, options, problems);
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
    keepLogs = true;
  }
  if (options.out) {
    await mkdir(path.dirname(path.resolve(options.out)), { recursive: true });
    await writeFile(options.out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nResults written to ${options.out}`);
  }
}

let options: BenchOptions | 'help';
try {
  options = parseOptions(process.argv.slice(2), process.env);
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  process.exit(2);
}
if (options === 'help') {
  process.stdout.write(USAGE);
  process.exit(0);
}

cleanUpOnSignals();
try {
  await main(options);
} catch (error) {
  if (!isInterrupted()) {
    console.error(`\nbenchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
    keepLogs = true;
  }
} finally {
  if (!isInterrupted()) {
    progress('stopping…');
    await cleanup();
  }
}
