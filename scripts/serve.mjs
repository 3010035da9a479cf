/**
 * `npm start`: runs the compiled service (`dist/src/main.js`) in this process, with no TypeScript loader in it.
 * The first start after a checkout or a change to the sources compiles them first (`tsc -p tsconfig.build.json`,
 * as `npm run build` does, in a process of its own); later starts find the build current and go straight on.
 *
 * "Current" is a fingerprint of every input of the build — the files under `src/`, `mikro-orm.config.ts`, the
 * tsconfig files and `package-lock.json` — kept beside the build (`dist/.build-fingerprint`). Instances started
 * together on a fresh checkout build once: the first takes a lock (`dist.build-lock`), the others wait for it.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const INPUTS = ['src', 'mikro-orm.config.ts', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];
const FINGERPRINT_FILE = path.join('dist', '.build-fingerprint');
const LOCK_DIR = 'dist.build-lock';
/** A lock older than this was left by a build that died: taken over. */
const STALE_LOCK_MS = 10 * 60_000;
const WAIT_STEP_MS = 200;

/** A digest of the build's inputs under `root`: their paths and contents, in a fixed order. */
export function sourceFingerprint(root) {
  const hash = createHash('sha256');
  const visit = (relative) => {
    const absolute = path.join(root, relative);
    let stats;
    try {
      stats = statSync(absolute);
    } catch {
      return; // an input a project does not have (no lockfile yet) is simply not part of it
    }
    if (stats.isDirectory()) {
      for (const entry of readdirSync(absolute).sort()) visit(path.join(relative, entry));
    } else {
      hash.update(`${relative}\0`).update(readFileSync(absolute)).update('\0');
    }
  };
  for (const input of INPUTS) visit(input);
  return hash.digest('hex');
}

function readFingerprint(root) {
  try {
    return readFileSync(path.join(root, FINGERPRINT_FILE), 'utf8').trim();
  } catch {
    return null;
  }
}

/**
 * Compiles the project under `root` unless its build is current; returns whether it compiled. `compile` runs the
 * compiler (by default the project's own `tsc`) and returns its exit code; `log` tells the user what happens.
 */
export function ensureBuilt(root, { compile = compileWithTsc, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const wanted = sourceFingerprint(root);
  if (readFingerprint(root) === wanted) return false;
  const release = lock(root);
  try {
    // Another instance may have built it while this one waited for the lock.
    if (readFingerprint(root) === wanted) return false;
    log('compiling the service into dist/ (first start after a change to the sources)…');
    const code = compile(root);
    if (code !== 0) throw new BuildError(`the build failed (tsc exit ${code}); run npm run build to see why`);
    mkdirSync(path.join(root, 'dist'), { recursive: true });
    writeFileSync(path.join(root, FINGERPRINT_FILE), `${wanted}\n`);
    return true;
  } finally {
    release();
  }
}

export class BuildError extends Error {
  name = 'BuildError';
}

function compileWithTsc(root) {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  return result.status ?? 1;
}

/** Takes the build lock under `root`, waiting for another holder (or taking over a stale one); returns its release. */
function lock(root) {
  const dir = path.join(root, LOCK_DIR);
  for (;;) {
    try {
      mkdirSync(dir);
      return () => rmSync(dir, { recursive: true, force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    let age;
    try {
      age = Date.now() - statSync(dir).mtimeMs;
    } catch {
      continue; // released just now: try again
    }
    if (age > STALE_LOCK_MS) rmSync(dir, { recursive: true, force: true });
    else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, WAIT_STEP_MS);
  }
}

// Run as a script (`node scripts/serve.mjs`): build if needed, then become the service.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  try {
    ensureBuilt(root);
  } catch (error) {
    process.stderr.write(`tasks-api failed to start: ${error instanceof BuildError ? error.message : error}\n`);
    process.exit(1);
  }
  await import(pathToFileURL(path.join(root, 'dist', 'src', 'main.js')).href);
}
