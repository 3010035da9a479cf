/**
 * `npm start` runs the compiled service, built on the first start after a change to the sources: no TypeScript
 * loader in the serving process, and no build step for a newcomer to remember.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error -- a plain JavaScript module (it runs before anything is compiled), without type declarations
import { BuildError, ensureBuilt, sourceFingerprint } from '../../scripts/serve.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('npm start', function () {
  this.timeout(180_000);

  describe('building when the sources changed', () => {
    let project: string;
    let compiles: number;
    const compile = (code = 0) => () => {
      compiles += 1;
      return code;
    };
    const quiet = () => {};

    beforeEach(() => {
      project = mkdtempSync(path.join(os.tmpdir(), 'serve-'));
      mkdirSync(path.join(project, 'src'));
      writeFileSync(path.join(project, 'src', 'main.ts'), 'export {};\n');
      writeFileSync(path.join(project, 'tsconfig.json'), '{}\n');
      compiles = 0;
    });
    afterEach(() => rmSync(project, { recursive: true, force: true }));

    it('compiles on the first start, not on the next, and again after a source changes', () => {
      expect(ensureBuilt(project, { compile: compile(), log: quiet })).to.equal(true);
      expect(ensureBuilt(project, { compile: compile(), log: quiet })).to.equal(false);
      writeFileSync(path.join(project, 'src', 'main.ts'), 'export const changed = true;\n');
      expect(ensureBuilt(project, { compile: compile(), log: quiet })).to.equal(true);
      writeFileSync(path.join(project, 'src', 'new.ts'), 'export {};\n');
      expect(ensureBuilt(project, { compile: compile(), log: quiet })).to.equal(true);
      expect(compiles).to.equal(3);
      expect(readFileSync(path.join(project, 'dist', '.build-fingerprint'), 'utf8').trim()).to.equal(sourceFingerprint(project));
    });

    it('refuses to start on a failed build, and tries again on the next start', () => {
      expect(() => ensureBuilt(project, { compile: compile(2), log: quiet })).to.throw(BuildError, 'tsc exit 2');
      expect(existsSync(path.join(project, 'dist', '.build-fingerprint'))).to.equal(false);
      expect(ensureBuilt(project, { compile: compile(), log: quiet })).to.equal(true);
      expect(existsSync(path.join(project, 'dist.build-lock'))).to.equal(false);
    });

    it('takes over the lock of a build that died long ago', () => {
      const lock = path.join(project, 'dist.build-lock');
      mkdirSync(lock);
      const longAgo = new Date(Date.now() - 60 * 60_000);
      utimesSync(lock, longAgo, longAgo);
      expect(ensureBuilt(project, { compile: compile(), log: quiet })).to.equal(true);
    });
  });

  describe('the command itself', () => {
    const { scripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const [command, ...args] = scripts.start!.split(/\s+/);
    /** The flags `npm start` gives Node.js, without the launcher it runs. */
    const nodeFlags = args.filter((arg) => arg !== 'scripts/serve.mjs');

    it('is plain node on the launcher, with no TypeScript loader', () => {
      expect(command).to.equal('node');
      expect(args).to.include('scripts/serve.mjs');
      expect(scripts.start).to.not.match(/tsx|ts-node|--loader|--import/);
    });

    it('runs with the same Node.js flags as npm run start:prod, which starts a build made ahead of time', () => {
      const [prodCommand, ...prodArgs] = scripts['start:prod']!.split(/\s+/);
      expect(prodCommand).to.equal('node');
      expect(prodArgs.at(-1)).to.equal('dist/src/main.js');
      expect(prodArgs.slice(0, -1)).to.deep.equal(nodeFlags);
      expect(prodArgs.slice(0, -1)).to.include('--heap-growing-percent=40');
      expect(prodArgs.slice(0, -1)).to.include('--no-allocation-site-pretenuring');
    });

    it('runs with the flags the deploy page tells an operator to pass to a service started otherwise', () => {
      const page = readFileSync(path.join(ROOT, 'docs', 'operate', 'deploy-and-scale.md'), 'utf8').replace(/\s+/g, ' ');
      expect(nodeFlags).to.not.be.empty;
      expect(page).to.include(`\`${nodeFlags.join(' ')}\``);
    });

    it('serves from a current build of the sources: a bad environment is refused by the compiled service', async () => {
      const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', PORT: 'http' }, stdio: ['ignore', 'ignore', 'pipe'] });
        let output = '';
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.once('error', reject);
        child.once('exit', (exit) => resolve({ code: exit, stderr: output }));
      });

      expect(code, stderr).to.equal(2);
      expect(stderr).to.include('PORT must be a whole number');
      expect(readFileSync(path.join(ROOT, 'dist', '.build-fingerprint'), 'utf8').trim()).to.equal(sourceFingerprint(ROOT));
    });
  });
});
