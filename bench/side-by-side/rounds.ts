/** The comparison proper: each endpoint loaded in rounds alternating service / floor, then the hot task. */
import { HOT_TOGGLE, type Endpoint } from './endpoints.js';
import { load, type Measurement, type Target } from './load.js';
import type { BenchOptions } from './options.js';
import { endpointResult, progress, type EndpointResult } from './report.js';
import { assertRunning, type Server } from './servers.js';

/** After a warm-up of each server, `rounds` runs of each, one after the other, per selected endpoint. */
export async function compareEndpoints(
  service: Target,
  floor: Target,
  endpoints: Endpoint[],
  servers: Server[],
  options: BenchOptions,
): Promise<EndpointResult[]> {
  const { connections, seconds, rounds, warmup } = options;
  const rows: EndpointResult[] = [];
  for (const endpoint of endpoints.filter((candidate) => options.endpoints.has(candidate.name))) {
    if (warmup > 0) {
      progress(`${endpoint.name}: warming up…`);
      await load(service, endpoint, connections, warmup);
      await load(floor, endpoint, connections, warmup);
    }
    const pairs: { service: Measurement; floor: Measurement }[] = [];
    for (let round = 1; round <= rounds; round++) {
      progress(`${endpoint.name}: round ${round}/${rounds}`);
      const serviceRun = await load(service, endpoint, connections, seconds);
      const floorRun = await load(floor, endpoint, connections, seconds);
      pairs.push({ service: serviceRun, floor: floorRun });
      assertRunning(servers);
    }
    rows.push(endpointResult(endpoint, pairs));
  }
  return rows;
}

/** Every connection toggling one task of the service (they queue on its row lock); null when not selected. */
export async function hotTask(service: Target, servers: Server[], options: BenchOptions): Promise<Measurement | null> {
  if (!options.endpoints.has('hot')) return null;
  progress('hot task: 16 clients toggling one task on the service…');
  const hot = await load(service, HOT_TOGGLE, options.connections, options.seconds);
  assertRunning(servers);
  return hot;
}
