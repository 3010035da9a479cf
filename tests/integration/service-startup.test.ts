/** `npm start` as an operator meets it: a bad environment is refused with one clear message and exit code 2. */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { TestService } from '../support/test-service.js';

function runService(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

describe('Service start-up', function () {
  this.timeout(60_000);

  it('names every bad variable in one message and exits with code 2', async () => {
    const { code, stderr } = await runService({ PORT: 'http', BETTER_AUTH_SECRET: 'short', CORS_ORIGINS: 'nope' });
    expect(code).to.equal(2);
    expect(stderr).to.include('Invalid configuration');
    for (const name of ['PORT', 'BETTER_AUTH_SECRET', 'CORS_ORIGINS']) expect(stderr).to.include(`${name}:`);
    expect(stderr).to.not.include('    at '); // no stack trace
  });

  it('refuses to start in production without authentication, saying what to set', async () => {
    const { code, stderr } = await runService({ NODE_ENV: 'production', DATA_DIR: '/nonexistent' });
    expect(code).to.equal(2);
    expect(stderr).to.include('BETTER_AUTH_URL').and.include('BETTER_AUTH_SECRET');
  });

  it('holds its LISTEN connection through DATABASE_LISTEN_URL when one is set', async () => {
    // Nothing listens on port 9 (discard): start-up fails at the listener, proving it used this URL.
    let failure: unknown = null;
    try {
      const service = await TestService.start({ DATABASE_LISTEN_URL: 'postgresql://nobody@127.0.0.1:9/none' });
      await service.stop();
    } catch (error) {
      failure = error;
    }
    expect(String(failure)).to.match(/ECONNREFUSED|connect/);
  });
});
