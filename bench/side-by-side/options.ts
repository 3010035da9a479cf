/** The benchmark's settings: command-line options, else BENCH_* variables, else the defaults. */
import { parseArgs } from 'node:util';
import { ALL_ENDPOINTS, type EndpointName } from './endpoints.js';

export interface BenchOptions {
  /** Connections of every run (split over the instances in the scale-out run). */
  readonly connections: number;
  readonly seconds: number;
  readonly rounds: number;
  readonly warmup: number;
  readonly users: number;
  readonly tasksPerUser: number;
  readonly deepTasks: number;
  readonly deepSeconds: number;
  /** The memory phase: seconds of mixed load on the service, and how many users' tokens it rotates over. */
  readonly memorySeconds: number;
  readonly memoryUsers: number;
  readonly instances: number;
  readonly endpoints: ReadonlySet<EndpointName>;
  readonly keepLogs: boolean;
  /** Where to write the results as JSON, if anywhere. */
  readonly out: string | undefined;
}

export const USAGE = `Usage: npm run bench -- [options]   (or: npx tsx bench/side-by-side.ts [options])

The service against the hand-written floor (bench/floor-server.ts), on the same PostgreSQL, data and load.

Options (each also a variable; the option wins):
  --seconds N     BENCH_SECONDS         seconds per measured run (default 6)
  --rounds N      BENCH_ROUNDS          alternating service / floor rounds per endpoint (default 3)
  --instances N   BENCH_INSTANCES       service processes for the scale-out run, 1-8 (default 1: none)
  -h, --help      print this and exit

Variables only:
  BENCH_WARMUP          unmeasured seconds per server before each endpoint's rounds (default 2; 0: none)
  BENCH_ENDPOINTS       comma list, a subset of: ${ALL_ENDPOINTS.join(',')} (default all)
  BENCH_DEEP_TASKS      tasks of the deep-page user (default 100000)
  BENCH_DEEP_SECONDS    seconds per deep-page run (default half of the seconds per run, at least 1)
  BENCH_MEMORY_SECONDS  seconds of mixed load on the service in the memory phase (default 60)
  BENCH_MEMORY_USERS    distinct users (tokens) the memory phase's load rotates over (default 2000)
  BENCH_USERS           seeded users (default 200)
  BENCH_TASKS_PER_USER  tasks seeded per user (default 20)
  BENCH_OUT             also write the results as JSON to this file
  BENCH_KEEP_LOGS       keep the servers' log files even when nothing went wrong
  BENCH_CPU_PROF        a directory: the service runs with node --cpu-prof and writes its profile there on stop
  DATABASE_URL          the PostgreSQL to use (default: an embedded one in a temporary directory)

A quick check of the harness itself:
  BENCH_WARMUP=1 BENCH_DEEP_TASKS=5000 BENCH_MEMORY_SECONDS=5 BENCH_MEMORY_USERS=300 npm run bench -- --seconds 1 --rounds 1
`;

/** The options, or `help` when they ask for the usage; throws on anything it cannot take. */
export function parseOptions(args: string[], env: NodeJS.ProcessEnv): BenchOptions | 'help' {
  const { values } = parseArgs({
    args,
    options: {
      seconds: { type: 'string' },
      rounds: { type: 'string' },
      instances: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const seconds = numberOption('--seconds', values.seconds, 'BENCH_SECONDS', env, 6, 1);
  const instances = instancesOption(values.instances ?? env.BENCH_INSTANCES);
  return {
    connections: 16,
    seconds,
    rounds: numberOption('--rounds', values.rounds, 'BENCH_ROUNDS', env, 3, 1, true),
    warmup: numberOption(null, undefined, 'BENCH_WARMUP', env, 2, 0),
    users: numberOption(null, undefined, 'BENCH_USERS', env, 200, 1, true),
    tasksPerUser: numberOption(null, undefined, 'BENCH_TASKS_PER_USER', env, 20, 1, true),
    deepTasks: numberOption(null, undefined, 'BENCH_DEEP_TASKS', env, 100_000, 101, true),
    deepSeconds: numberOption(null, undefined, 'BENCH_DEEP_SECONDS', env, Math.max(1, Math.round(seconds / 2)), 1),
    memorySeconds: numberOption(null, undefined, 'BENCH_MEMORY_SECONDS', env, 60, 1),
    memoryUsers: numberOption(null, undefined, 'BENCH_MEMORY_USERS', env, 2000, 1, true),
    instances,
    endpoints: endpointsOption(env.BENCH_ENDPOINTS),
    keepLogs: Boolean(env.BENCH_KEEP_LOGS),
    out: env.BENCH_OUT || undefined,
  };
}

/** What the JSON results record of the settings. */
export function settingsRecord(options: BenchOptions): Record<string, unknown> {
  return {
    connections: options.connections,
    seconds: options.seconds,
    rounds: options.rounds,
    warmup_seconds: options.warmup,
    users: options.users,
    tasks_per_user: options.tasksPerUser,
    deep_tasks: options.deepTasks,
    deep_seconds: options.deepSeconds,
    memory_seconds: options.memorySeconds,
    memory_users: options.memoryUsers,
    instances: options.instances,
    endpoints: [...options.endpoints],
  };
}

/** The option's value if given, else the variable's if set, else `fallback`; at least `min`. */
function numberOption(
  option: string | null,
  given: string | undefined,
  variable: string,
  env: NodeJS.ProcessEnv,
  fallback: number,
  min: number,
  integer = false,
): number {
  const raw = given ?? env[variable];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    const name = option ? `${option} / ${variable}` : variable;
    throw new Error(`${name} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}, not "${raw}"`);
  }
  return value;
}

function instancesOption(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 1;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 8) throw new Error(`--instances / BENCH_INSTANCES must be an integer from 1 to 8, not "${raw}"`);
  return value;
}

function endpointsOption(raw: string | undefined): Set<EndpointName> {
  if (!raw) return new Set(ALL_ENDPOINTS);
  const names = raw.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(ALL_ENDPOINTS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`BENCH_ENDPOINTS: unknown ${unknown.join(', ')} (known: ${ALL_ENDPOINTS.join(', ')})`);
  return new Set(names as EndpointName[]);
}
