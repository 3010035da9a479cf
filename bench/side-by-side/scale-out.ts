/**
 * The scale-out run: the same total load on one service instance, then split evenly over several processes on
 * the same database (connections ÷ N each, one autocannon run per instance, in parallel), rounds alternating.
 */
import { SCALE_OUT_ENDPOINTS, type Endpoint } from './endpoints.js';
import { load, loadSplit, type Measurement, type Target } from './load.js';
import type { BenchOptions } from './options.js';
import { failureCell, failuresOf, ms, printTable, progress, rpsCell } from './report.js';
import { assertRunning, type Server } from './servers.js';
import { median } from './statistics.js';

export async function scaleOut(instances: Server[], serviceTarget: Target, endpoints: Endpoint[], options: BenchOptions, problems: string[]): Promise<unknown> {
  const { connections, warmup, rounds, seconds } = options;
  const perInstance = Math.max(1, Math.floor(connections / instances.length));
  const targets: Target[] = instances.map((instance, n) => ({
    ...serviceTarget,
    name: instance.name,
    url: instance.url,
    counter: serviceTarget.counter + n * 7919,
  }));
  const rows: string[][] = [];
  const results: unknown[] = [];
  for (const endpoint of endpoints.filter((candidate) => SCALE_OUT_ENDPOINTS.includes(candidate.name) && options.endpoints.has(candidate.name))) {
    // The new instances start cold: give every instance a few seconds to warm up (JIT, pools, statements).
    if (warmup > 0) await Promise.all(targets.map((target) => load(target, endpoint, perInstance, Math.max(warmup, 3))));
    const single: Measurement[] = [];
    const multi: Measurement[] = [];
    const perInstanceRuns: Measurement[][] = [];
    for (let round = 1; round <= rounds; round++) {
      progress(`scale-out ${endpoint.name}: round ${round}/${rounds}`);
      single.push(await load(targets[0]!, endpoint, connections, seconds));
      const split = await loadSplit(targets, endpoint, perInstance, seconds);
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
      problems.push(...failuresOf(`scale-out ${endpoint.name}, ${label}`, runs));
    }
    results.push({ endpoint: endpoint.name, single, multi, per_instance: perInstanceRuns, ratios, ratio: median(ratios) });
  }
  console.log(
    `\nScale-out: ${instances.length} service instances on the same database. ${connections} connections in total either way: ` +
      `${connections} on instance 1 alone, or ${perInstance} on each instance (one autocannon run per instance, in parallel).\n`,
  );
  printTable(['endpoint', '1 instance req/s', 'p99 ms', `${instances.length} instances req/s`, 'p99 ms', 'aggregate ÷ one', 'non-2xx/errors'], rows);
  return { instances: instances.length, connections_per_instance: perInstance, endpoints: results };
}
