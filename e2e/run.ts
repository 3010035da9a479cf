/**
 * `npm run test:e2e`: the browser tests, when there is a Chromium to drive. Without one they are not run — this
 * says so in one line and exits 0, so that machines without a browser still pass the rest of CI.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { findChromium } from './chromium.js';

const chromium = findChromium();
if (chromium.path === null) {
  process.stdout.write(`Browser tests not run: ${chromium.reason}.\n`);
  process.exit(chromium.misconfigured ? 1 : 0);
}
process.stdout.write(`Browser tests in ${chromium.path}\n`);
const mocha = createRequire(import.meta.url).resolve('mocha/bin/mocha.js');
const child = spawn(process.execPath, [mocha, '--config', 'e2e/.mocharc.json', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, CHROMIUM_PATH: chromium.path },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
