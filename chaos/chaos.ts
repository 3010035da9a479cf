/**
 * Fault injection, outside CI: `npm run chaos`. Runs the service as its own process under a stream of writes
 * from many clients and, for a few minutes per scenario, keeps breaking things:
 *
 *   crash-service   kill -9 of the service (on its embedded PostgreSQL), then a restart
 *   crash-postgres  kill -9 of the embedded PostgreSQL's postmaster, then a restart of the service
 *   outage          PostgreSQL (given as DATABASE_URL) stopped for a few seconds, then started again,
 *                   while the service keeps running
 *
 * Then it checks every user's tasks and change log against what the service acknowledged (WriteLoad), and
 * prints what it tried, what was lost (must be nothing) and how many 5xx answers were not the documented 503
 * (must be none); it exits 1 otherwise. Everything listens on 127.0.0.1 only; every loop is bounded.
 *
 *   CHAOS_SECONDS          seconds of faults per scenario (default 60)
 *   CHAOS_SCENARIOS        which, comma-separated (default crash-service,crash-postgres,outage)
 *   CHAOS_CLIENTS          concurrent clients (default 16), acting as CHAOS_USERS users (default 4)
 *   CHAOS_OUTAGE_SECONDS   how long each outage lasts (default 5)
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { issueSharedSecretToken } from '../src/infrastructure/auth/shared-secret-token-issuer.js';
import {
  embeddedPassword,
  embeddedPostmaster,
  newDataDir,
  removeDataDir,
  ServiceProcess,
  waitForExit,
} from '../tests/support/service-process.js';
import { WriteLoad } from '../tests/support/write-load.js';
import { LocalCluster } from './local-cluster.js';

const SECONDS = positive('CHAOS_SECONDS', 60);
const CLIENTS = positive('CHAOS_CLIENTS', 16);
const USERS = positive('CHAOS_USERS', 4);
const OUTAGE_SECONDS = positive('CHAOS_OUTAGE_SECONDS', 5);
const SCENARIOS = (process.env.CHAOS_SCENARIOS || 'crash-service,crash-postgres,outage').split(',').map((name) => name.trim());
const SECRET = `chaos-${'s'.repeat(40)}`;

interface Outcome {
  scenario: string;
  faults: number;
  load: WriteLoad;
  problems: string[];
  tasks: number;
  changes: number;
  secretsInLogs: number;
}

interface Scenario {
  /** What one fault is, for the log. */
  readonly fault: string;
  run(context: ScenarioContext): Promise<Omit<Outcome, 'scenario'>>;
}

interface ScenarioContext {
  readonly dataDir: string;
  readonly tokens: Map<string, string>;
  note(text: string): void;
}

const started = Date.now();
const stamp = () => {
  const seconds = Math.floor((Date.now() - started) / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const between = (low: number, high: number) => low + Math.floor(Math.random() * (high - low));

/** Runs `load` against a service the scenario keeps replacing, until the deadline; then checks everything. */
async function underLoad(
  context: ScenarioContext,
  first: ServiceProcess,
  injectFault: (service: ServiceProcess, load: WriteLoad) => Promise<ServiceProcess>,
  secrets: () => Promise<string[]>,
): Promise<Omit<Outcome, 'scenario'>> {
  let service = first;
  const logs: string[] = [];
  const load = new WriteLoad({ tokens: context.tokens, clients: CLIENTS, url: service.url });
  load.start();
  let faults = 0;
  try {
    for (const deadline = Date.now() + SECONDS * 1000; Date.now() < deadline; ) {
      await sleep(between(2000, 7000));
      const replaced = await injectFault(service, load);
      faults += 1;
      if (replaced !== service) {
        logs.push(service.logs);
        service = replaced;
        load.retarget(service.url);
      }
    }
    // Some writes on the recovered service before the check.
    await sleep(2000);
    await load.stop();
    const { problems, tasks, changes } = await load.verify(service.url);
    await service.stop();
    logs.push(service.logs);
    const all = logs.join('\n');
    const secretsInLogs = (await secrets()).filter((secret) => all.includes(secret)).length;
    return { faults, load, problems, tasks, changes, secretsInLogs };
  } finally {
    await load.stop();
    await service.kill();
  }
}

const scenarios: Record<string, Scenario> = {
  'crash-service': {
    fault: 'kill -9 of the service',
    run: async (context) => {
      const env = { BETTER_AUTH_SECRET: SECRET };
      const first = await ServiceProcess.start({ dataDir: context.dataDir, env });
      return underLoad(
        context,
        first,
        async (service, load) => {
          await service.kill();
          context.note(`kill -9 service (pid ${service.pid}); ${load.stats.acknowledged} writes acknowledged so far`);
          // Its embedded PostgreSQL keeps running; the new service joins it.
          return ServiceProcess.start({ dataDir: context.dataDir, env });
        },
        async () => [SECRET, ...context.tokens.values(), await embeddedPassword(context.dataDir)],
      );
    },
  },
  'crash-postgres': {
    fault: 'kill -9 of the embedded PostgreSQL',
    run: async (context) => {
      const env = { BETTER_AUTH_SECRET: SECRET };
      const first = await ServiceProcess.start({ dataDir: context.dataDir, env });
      return underLoad(
        context,
        first,
        async (service, load) => {
          const postmaster = (await embeddedPostmaster(context.dataDir))!;
          process.kill(postmaster.pid, 'SIGKILL');
          await waitForExit(postmaster.pid);
          context.note(`kill -9 postmaster (pid ${postmaster.pid}); ${load.stats.acknowledged} writes acknowledged so far`);
          await sleep(between(500, 3000)); // the service answers 503 meanwhile
          const code = await service.stop();
          context.note(`service stopped (exit ${code}); starting it again, with crash recovery`);
          return ServiceProcess.start({ dataDir: context.dataDir, env });
        },
        async () => [SECRET, ...context.tokens.values(), await embeddedPassword(context.dataDir)],
      );
    },
  },
  outage: {
    fault: `PostgreSQL stopped for ${OUTAGE_SECONDS} s`,
    run: async (context) => {
      const clusterDir = path.join(context.dataDir, 'database');
      await mkdir(clusterDir, { recursive: true });
      const cluster = await LocalCluster.start(clusterDir);
      try {
        const env = { BETTER_AUTH_SECRET: SECRET, DATABASE_URL: cluster.url };
        const first = await ServiceProcess.start({ dataDir: context.dataDir, env });
        return await underLoad(
          context,
          first,
          async (service, load) => {
            await cluster.pause();
            context.note(`PostgreSQL stopped; ${load.stats.acknowledged} writes acknowledged so far`);
            await sleep(OUTAGE_SECONDS * 1000);
            await cluster.resume();
            context.note(`PostgreSQL started again; ${load.stats.statuses[503] ?? 0} answers were 503 so far`);
            return service;
          },
          async () => [SECRET, ...context.tokens.values(), new URL(cluster.url).password],
        );
      } finally {
        await cluster.pause();
      }
    },
  },
};

async function main(): Promise<void> {
  const unknown = SCENARIOS.filter((name) => !(name in scenarios));
  if (unknown.length > 0) throw new Error(`Unknown CHAOS_SCENARIOS: ${unknown.join(', ')} (known: ${Object.keys(scenarios).join(', ')})`);
  console.log(`chaos: ${SCENARIOS.join(', ')}; ${SECONDS} s of faults each, ${CLIENTS} clients as ${USERS} users\n`);
  const outcomes: Outcome[] = [];
  for (const name of SCENARIOS) {
    const scenario = scenarios[name]!;
    console.log(`[${stamp()}] ${name}: ${scenario.fault}, again and again`);
    const dataDir = await newDataDir(`chaos-${name}`);
    const tokens = new Map<string, string>();
    for (let index = 0; index < USERS; index++) {
      const user = `chaos-${name}-${index}-${Date.now()}`;
      tokens.set(user, await issueSharedSecretToken(SECRET, user, { ttlSeconds: 24 * 3600 }));
    }
    try {
      const outcome = await scenario.run({ dataDir, tokens, note: (text) => console.log(`[${stamp()}] ${name}: ${text}`) });
      outcomes.push({ scenario: name, ...outcome });
      for (const problem of outcome.problems.slice(0, 20)) console.log(`[${stamp()}] ${name}: LOST ${problem}`);
    } finally {
      await removeDataDir(dataDir);
    }
  }

  console.log('');
  const columns = ['scenario', 'faults', 'attempted', 'acknowledged', 'in doubt', 'not sent', '503', 'other 5xx', 'tasks', 'changes', 'lost', 'secrets in logs'];
  const rows = outcomes.map(({ scenario, faults, load, problems, tasks, changes, secretsInLogs }) => {
    const { attempted, acknowledged, inDoubt, notSent, statuses } = load.stats;
    const other5xx = Object.entries(statuses).filter(([status]) => Number(status) >= 500 && status !== '503').reduce((sum, [, count]) => sum + count, 0);
    return [scenario, faults, attempted, acknowledged, inDoubt, notSent, statuses[503] ?? 0, other5xx, tasks, changes, problems.length, secretsInLogs];
  });
  const widths = columns.map((column, index) => Math.max(column.length, ...rows.map((row) => String(row[index]).length)));
  for (const row of [columns, ...rows]) console.log(row.map((cell, index) => (index === 0 ? String(cell).padEnd(widths[index]!) : String(cell).padStart(widths[index]!))).join('  '));
  const failed = rows.filter((row) => row[7] !== 0 || row[10] !== 0 || row[11] !== 0);
  console.log(failed.length === 0 ? '\nNothing lost, no 5xx but 503, no secret in the logs.' : `\nFAILED: ${failed.map((row) => row[0]).join(', ')}`);
  process.exitCode = failed.length === 0 ? 0 : 1;
}

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1, not '${raw}'`);
  return value;
}

await main();
