/** `tasks-admin token`: tokens the HTTP service accepts, and the cases where minting is refused. */
import { expect } from 'chai';
import { decodeJwt } from 'jose';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AdminCli } from '../support/built-cli.js';
import { TestService } from '../support/test-service.js';

describe('CLI: token', function () {
  this.timeout(120_000);
  let cli: AdminCli;

  before(async () => {
    cli = await AdminCli.start();
  });
  after(async () => {
    await cli.stop();
  });

  async function mint(from: AdminCli, ...args: string[]): Promise<string> {
    const result = await from.run('token', ...args);
    expect(result, result.stderr).to.deep.include({ code: 0, stderr: '' });
    expect(result.stdout).to.match(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    return result.stdout.trim();
  }

  it('mints a token with BETTER_AUTH_SECRET that the HTTP service accepts for that user', async () => {
    const service = await TestService.start();
    try {
      const userId = TestService.newUserId('minted');
      const token = await mint(cli, '--user', userId);

      const created = await service.request('POST', '/api/tasks', { token, body: { title: 'With a CLI token' } });
      expect(created.status).to.equal(201);
      expect(created.body.user_id).to.equal(userId);
      const claims = decodeJwt(token);
      expect(claims.sub).to.equal(userId);
      expect(claims.exp! - claims.iat!).to.equal(3600);
    } finally {
      await service.stop();
    }
  });

  it('sets iss and aud when JWT_ISSUER and JWT_AUDIENCE are configured, as the service then requires', async () => {
    const expected = { JWT_ISSUER: 'https://issuer.example', JWT_AUDIENCE: 'tasks-api' };
    const service = await TestService.start(expected);
    try {
      const userId = TestService.newUserId('audience');
      const [withClaims, without] = await Promise.all([mint(cli.withEnv(expected), '--user', userId), mint(cli, '--user', userId)]);

      expect((await service.request('GET', '/api/tasks', { token: withClaims })).status).to.equal(200);
      expect((await service.request('GET', '/api/tasks', { token: without })).status).to.equal(401);
    } finally {
      await service.stop();
    }
  });

  it('with no auth configured, signs with the development secret in DATA_DIR — the one the server uses', async () => {
    const development = cli.withEnv({ BETTER_AUTH_SECRET: '' });
    const result = await development.run('token', '--user', 'dev-user', '--ttl', '15m', '--json');
    expect(result.code).to.equal(0);
    const minted = JSON.parse(result.stdout);
    expect(minted).to.include({ token_type: 'Bearer', user_id: 'dev-user', development_secret: true });
    expect(Date.parse(minted.expires_at) - Date.now()).to.be.within(14 * 60_000, 15 * 60_000);
    expect((await readFile(path.join(cli.workDir, 'dev-secret'), 'utf8')).trim()).to.have.length.above(32);

    const service = await TestService.start({ BETTER_AUTH_SECRET: '', DATA_DIR: cli.workDir });
    try {
      expect((await service.request('GET', '/api/tasks', { token: minted.token })).status).to.equal(200);
    } finally {
      await service.stop();
    }
  });

  it('refuses with exit 2 in production unless forced, and when only JWKS tokens are accepted', async () => {
    const production = cli.withEnv({ NODE_ENV: 'production' });
    const jwksOnly = cli.withEnv({ BETTER_AUTH_SECRET: '', BETTER_AUTH_URL: 'http://127.0.0.1:9/auth' });

    const [refused, forced, noSecret] = await Promise.all([
      production.run('token', '--user', 'u'),
      production.run('token', '--user', 'u', '--force'),
      jwksOnly.run('token', '--user', 'u'),
    ]);

    expect(refused).to.deep.equal({
      code: 2,
      stdout: '',
      stderr: 'error: Refusing to mint a token with NODE_ENV=production; pass --force if you mean it\n',
    });
    expect(forced.code).to.equal(0);
    expect(decodeJwt(forced.stdout.trim()).sub).to.equal('u');
    expect(noSecret.code).to.equal(2);
    expect(noSecret.stderr).to.match(/^error: Only Better Auth JWKS tokens are accepted .*\n$/);
  });

  it('refuses a --ttl beyond JWT_MAX_AGE with exit 2, saying why, and mints anything up to it', async () => {
    const [tooLong, allowed] = await Promise.all([
      cli.run('token', '--user', 'u', '--ttl', '2d'),
      cli.withEnv({ JWT_MAX_AGE: '7d' }).run('token', '--user', 'u', '--ttl', '2d', '--json'),
    ]);
    expect(tooLong).to.deep.equal({
      code: 2,
      stdout: '',
      stderr: 'error: --ttl 2d is longer than JWT_MAX_AGE (1d), so the service would refuse the token: ask for at most 1d, or raise JWT_MAX_AGE\n',
    });
    expect(allowed.code, allowed.stderr).to.equal(0);
    expect(Date.parse(JSON.parse(allowed.stdout).expires_at) - Date.now()).to.be.within(2 * 86_400_000 - 60_000, 2 * 86_400_000);

    const service = await TestService.start();
    try {
      const longest = await mint(cli, '--user', TestService.newUserId('longest'), '--ttl', '24h');
      expect((await service.request('GET', '/api/tasks', { token: longest })).status).to.equal(200);
    } finally {
      await service.stop();
    }
  });

  it('refuses an invalid user id with exit 4, as the domain defines it', async () => {
    const result = await cli.run('token', '--user', 'x'.repeat(256));

    expect(result).to.deep.equal({ code: 4, stdout: '', stderr: 'error: user_id: User id must be 1-255 characters without control characters\n' });
  });
});
