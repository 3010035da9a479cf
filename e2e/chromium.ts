/**
 * Which Chromium the browser tests drive: CHROMIUM_PATH, else Debian's `chromium` (/usr/bin/chromium), else one
 * on the PATH. Playwright's own browser download is not used.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export type ChromiumSearch = { path: string } | { path: null; reason: string; misconfigured: boolean };

/**
 * The Chromium executable to use, or null with the reason when there is none. A CHROMIUM_PATH that names no
 * executable is a mistake to report, not a machine without a browser.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env, known: string[] = ['/usr/bin/chromium']): ChromiumSearch {
  if (env.CHROMIUM_PATH) {
    return isExecutable(env.CHROMIUM_PATH)
      ? { path: env.CHROMIUM_PATH }
      : { path: null, reason: `CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file`, misconfigured: true };
  }
  const onPath = (env.PATH ?? '').split(path.delimiter).filter(Boolean).flatMap((dir) => NAMES.map((name) => path.join(dir, name)));
  const candidates = [...known, ...onPath];
  const found = candidates.find(isExecutable);
  return found
    ? { path: found }
    : { path: null, reason: 'no Chromium found (set CHROMIUM_PATH, or install one: apt-get install chromium)', misconfigured: false };
}

/** The flags this machine needs: no sandbox as root, and no calls to Google's services on a closed network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
