/**
 * Checks the line coverage c8 measured (`coverage/coverage-summary.json`, written by `npm run coverage`) against
 * the project's thresholds — per directory, which c8 cannot do itself — and prints the figures. Exits 1 when
 * any threshold is missed, 2 when there is no summary to read.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

interface Totals {
  total: number;
  covered: number;
}

/** Directories (relative to the project) and the least share of their lines the tests must run. */
export const THRESHOLDS: readonly { readonly scope: string; readonly minimumPercent: number }[] = [
  { scope: 'src/domain', minimumPercent: 90 },
  { scope: 'src/application', minimumPercent: 90 },
  { scope: 'src', minimumPercent: 80 },
];

const ROOT = path.resolve(import.meta.dirname, '..');
const SUMMARY = path.join(ROOT, 'coverage', 'coverage-summary.json');

async function main(): Promise<number> {
  let summary: Record<string, { lines: Totals }>;
  try {
    summary = JSON.parse(await readFile(SUMMARY, 'utf8')) as typeof summary;
  } catch (error) {
    process.stderr.write(`no coverage summary at ${path.relative(ROOT, SUMMARY)} (run npm run coverage): ${(error as Error).message}\n`);
    return 2;
  }
  const files = Object.entries(summary).filter(([file]) => file !== 'total');
  let failed = false;
  process.stdout.write('line coverage\n');
  for (const { scope, minimumPercent } of THRESHOLDS) {
    const prefix = path.join(ROOT, scope) + path.sep;
    const lines = files
      .filter(([file]) => path.resolve(ROOT, file).startsWith(prefix))
      .reduce<Totals>((sum, [, file]) => ({ total: sum.total + file.lines.total, covered: sum.covered + file.lines.covered }), { total: 0, covered: 0 });
    const percent = lines.total === 0 ? 0 : (100 * lines.covered) / lines.total;
    const ok = lines.total > 0 && percent >= minimumPercent;
    failed ||= !ok;
    process.stdout.write(
      `  ${`${scope}/`.padEnd(18)} ${percent.toFixed(2).padStart(6)} %  (${lines.covered}/${lines.total} lines; at least ${minimumPercent} %)${ok ? '' : '  BELOW THRESHOLD'}\n`,
    );
  }
  return failed ? 1 : 0;
}

process.exitCode = await main();
