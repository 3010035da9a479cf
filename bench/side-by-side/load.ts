/** The load runner: autocannon in this process against one server, or several at once, measured exactly. */
import autocannon from 'autocannon';
import type { Endpoint, EndpointRequest } from './endpoints.js';
import { isInterrupted, trackLoad } from './lifecycle.js';
import { percentile, sum } from './statistics.js';

/** One server under load: where it is, its users' tokens and the ids of the tasks seeded through it. */
export interface Target {
  readonly name: string;
  readonly url: string;
  readonly tokens: string[];
  ids: string[][];
  /** Carries the rotation over from run to run, so successive runs start on other users and tasks. */
  counter: number;
}

interface AnswerContext {
  request?: EndpointRequest;
}

export interface Measurement {
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

/** One autocannon run against one target; latencies of 2xx answers, exact (autocannon's own are whole ms). */
export async function load(target: Target, endpoint: Endpoint, connections: number, seconds: number): Promise<Measurement> {
  return (await runLoad(target, endpoint, connections, seconds)).run;
}

/** Parallel runs, one per target; the aggregate (req/s summed, percentiles over all answers) and each run. */
export async function loadSplit(
  targets: Target[],
  endpoint: Endpoint,
  connections: number,
  seconds: number,
): Promise<{ aggregate: Measurement; runs: Measurement[] }> {
  const loads = await Promise.all(targets.map((target) => runLoad(target, endpoint, connections, seconds)));
  const runs = loads.map(({ run }) => run);
  return { aggregate: combine(runs, Float64Array.from(loads.flatMap(({ latencies }) => latencies)).sort()), runs };
}

async function runLoad(
  target: Target,
  endpoint: Endpoint,
  connections: number,
  seconds: number,
): Promise<{ run: Measurement; latencies: number[] }> {
  if (isInterrupted()) throw new Error('interrupted');
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
            // A connection has one request in flight: its context holds that request until the answer comes.
            setupRequest: (request, context) => {
              const next = endpoint.request(target.counter++, target.ids);
              (context as AnswerContext).request = next;
              const headers: Record<string, string> = { authorization: `Bearer ${target.tokens[next.user]!}` };
              if (next.body !== undefined) headers['content-type'] = 'application/json';
              return { ...request, method: next.method ?? endpoint.method, path: next.path, headers, body: next.body ?? '' };
            },
            ...(endpoint.answered && {
              onResponse: (status: number, body: string, context: object) => {
                const { request } = context as AnswerContext;
                if (request) endpoint.answered!(request, status, body);
              },
            }),
          },
        ],
      },
      (error: unknown, done: autocannon.Result) => {
        finished();
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve(done);
      },
    );
    const finished = trackLoad(instance);
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
