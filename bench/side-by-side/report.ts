/** How the results read: the tables and their cells on stdout, progress on stderr. */
import { HOT_TOGGLE, type Endpoint, type EndpointName } from './endpoints.js';
import type { Measurement } from './load.js';
import { median, sum } from './statistics.js';

export interface EndpointResult {
  name: EndpointName;
  label: string;
  service: Measurement[];
  floor: Measurement[];
  ratios: number[];
  ratio: number;
}

/** One endpoint's rounds; the ratio is the median over the rounds of service req/s ÷ floor req/s. */
export function endpointResult(endpoint: Endpoint, pairs: { service: Measurement; floor: Measurement }[]): EndpointResult {
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

export function printEndpointTable(rows: EndpointResult[], hot: Measurement | null): void {
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

export function printTable(header: string[], lines: string[][]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[column]!))).join('  ');
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of lines) console.log(format(line));
}

/** The median req/s of the runs, with their range when there are several. */
export function rpsCell(runs: Measurement[]): string {
  const values = runs.map((run) => run.rps);
  const middle = count(median(values));
  return values.length > 1 ? `${middle} (${count(Math.min(...values))}–${count(Math.max(...values))})` : middle;
}

export function failureCell(runs: Measurement[]): string {
  const failures = sum(runs.map((run) => run.non2xx + run.errors));
  return failures === 0 ? '0' : `${failures} !!`;
}

/** The runs' failures for the PROBLEMS list (`label: …`), if any of them failed. */
export function failuresOf(label: string, runs: Measurement[]): string[] {
  const failed = runs.filter((run) => run.non2xx + run.errors > 0);
  return failed.length > 0 ? [`${label}: ${describeFailures(failed)}`] : [];
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

function count(value: number): string {
  return Number.isNaN(value) ? '—' : Math.round(value).toLocaleString('en-US');
}

export function ms(value: number): string {
  if (Number.isNaN(value)) return '—';
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

export function mib(kib: number): string {
  return Number.isNaN(kib) ? '—' : `${(kib / 1024).toFixed(1)} MiB`;
}

export function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}
