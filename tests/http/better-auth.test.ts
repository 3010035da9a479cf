/**
 * Issue 3 over real sockets: a real Better Auth server signs users up and issues their JWTs the way a front end
 * obtains them, and the service — in JWKS-only mode, configured with nothing but BETTER_AUTH_URL — serves them,
 * for EdDSA (Better Auth's default) and RS256, and follows Better Auth's key rotation without a restart.
 */
import { expect } from 'chai';
import { decodeProtectedHeader } from 'jose';
import { ManualClock } from '../../src/infrastructure/system/manual-clock.js';
import { BetterAuthServer, type BetterAuthKeyAlgorithm } from '../support/better-auth-server.js';
import { signWithSecret } from '../support/signed-tokens.js';
import { TEST_SECRET, TestService, type UserClient } from '../support/test-service.js';

// The verifier's default: after a successful fetch, an unknown `kid` waits this long for the next one.
const REFETCH_COOLDOWN_MS = 10_000;

const kidOf = (token: string): unknown => decodeProtectedHeader(token).kid;

for (const alg of ['EdDSA', 'RS256'] as const satisfies readonly BetterAuthKeyAlgorithm[]) {
  describe(`HTTP: Better Auth ${alg} tokens`, () => {
    let betterAuth: BetterAuthServer;
    let service: TestService;
    /** The JWKS key cache's clock, moved by hand so its cooldowns pass without waiting. */
    let clock: ManualClock;

    before(async () => {
      betterAuth = await BetterAuthServer.start({ alg });
      clock = new ManualClock(new Date());
      service = await TestService.start(
        { BETTER_AUTH_URL: betterAuth.url, BETTER_AUTH_SECRET: '' },
        { jwksKeyCache: { now: () => clock.now().getTime() } },
      );
    });
    after(async () => {
      await service?.stop();
      await betterAuth?.stop();
    });

    /** A new Better Auth user, carrying the JWT `/api/auth/token` gave them. */
    const signUp = async (): Promise<UserClient> => {
      const session = await betterAuth.signUp();
      return service.withToken(session.userId, await betterAuth.requestToken(session));
    };

    it('serves a full create/list/get/update/complete/delete cycle with the token from /api/auth/token', async () => {
      const session = await betterAuth.signUp();
      const token = await betterAuth.requestToken(session);
      expect(decodeProtectedHeader(token).alg).to.equal(alg);
      const user = service.withToken(session.userId, token);

      const created = await user.request('POST', '/api/tasks', { body: { title: 'Buy milk', description: '2 litres' } });
      expect(created.status).to.equal(201);
      expect(created.body).to.include({ user_id: session.userId, title: 'Buy milk', version: 1 });
      const id: string = created.body.id;

      const list = await user.request('GET', '/api/tasks');
      expect(list.status).to.equal(200);
      expect(list.body.items).to.deep.equal([created.body]);

      const read = await user.request('GET', `/api/tasks/${id}`);
      expect(read.status).to.equal(200);
      expect(read.body).to.deep.equal(created.body);

      const updated = await user.request('PUT', `/api/tasks/${id}`, { body: { title: 'Buy oat milk' } });
      expect(updated.status).to.equal(200);
      expect(updated.body).to.include({ title: 'Buy oat milk', description: '2 litres', version: 2 });

      const completed = await user.request('PATCH', `/api/tasks/${id}/complete`);
      expect(completed.status).to.equal(200);
      expect(completed.body).to.include({ completed: true, version: 3 });

      const deleted = await user.request('DELETE', `/api/tasks/${id}`);
      expect(deleted.status).to.equal(204);
      expect((await user.request('GET', `/api/tasks/${id}`)).status).to.equal(404);
      expect((await user.request('GET', '/api/tasks')).body.items).to.deep.equal([]);
    });

    it('accepts the JWT from the set-auth-jwt header of /api/auth/get-session', async () => {
      const session = await betterAuth.signUp();
      const user = service.withToken(session.userId, await betterAuth.requestSessionJwt(session));
      const created = await user.request('POST', '/api/tasks', { body: { title: 'From the session header' } });
      expect(created.status).to.equal(201);
      expect(created.body.user_id).to.equal(session.userId);
      const list = await user.request('GET', '/api/tasks');
      expect(list.body.items.map((task: any) => task.id)).to.deep.equal([created.body.id]);
    });

    it('keeps two Better Auth users apart: A’s token never reaches B’s tasks', async () => {
      const alice = await signUp();
      const bob = await signUp();
      const bobsTask = await bob.createTask('Bob’s task', 'private notes');
      const alicesTask = await alice.createTask('Alice’s task');

      for (const [method, path, body] of [
        ['GET', `/api/tasks/${bobsTask.id}`, undefined],
        ['PUT', `/api/tasks/${bobsTask.id}`, { title: 'pwned' }],
        ['PATCH', `/api/tasks/${bobsTask.id}`, { description: 'pwned' }],
        ['PATCH', `/api/tasks/${bobsTask.id}/complete`, undefined],
        ['DELETE', `/api/tasks/${bobsTask.id}`, undefined],
      ] as const) {
        const response = await alice.request(method, path, body ? { body } : {});
        expect(response.status, `${method} ${path}`).to.equal(404);
        expect(response.text).to.not.include('private notes');
      }

      expect((await bob.request('GET', `/api/tasks/${bobsTask.id}`)).body).to.deep.equal(bobsTask);
      expect((await alice.request('GET', '/api/tasks')).body.items.map((task: any) => task.id)).to.deep.equal([alicesTask.id]);
      expect((await bob.request('GET', '/api/tasks')).body.items.map((task: any) => task.id)).to.deep.equal([bobsTask.id]);
    });

    it('refuses shared-secret tokens: only the JWKS mode is on', async () => {
      const session = await betterAuth.signUp();
      const token = await signWithSecret(TEST_SECRET, { claims: { sub: session.userId } });
      const response = await service.request('GET', '/api/tasks', { token });
      expect(response.status).to.equal(401);
      expect(response.headers.get('www-authenticate')).to.equal('Bearer error="invalid_token"');
    });

    it('follows a key rotation in Better Auth without a restart', async () => {
      const session = await betterAuth.signUp();
      const beforeRotation = service.withToken(session.userId, await betterAuth.requestToken(session));
      // The service now holds Better Auth's current key set in its cache.
      const task = await beforeRotation.createTask('Before the rotation');

      await betterAuth.rotateKeys();
      const afterRotation = service.withToken(session.userId, await betterAuth.requestToken(session));
      expect(kidOf(afterRotation.token), 'kid after the rotation').to.not.equal(kidOf(beforeRotation.token));
      const jwksRequests = betterAuth.jwksRequests;

      // An unknown kid refetches the key set at most once per cooldown after the last fetch; stepping the
      // cache's clock stands in for waiting it out.
      clock.advance(REFETCH_COOLDOWN_MS);
      const renamed = await afterRotation.request('PUT', `/api/tasks/${task.id}`, { body: { title: 'After the rotation' } });
      expect(renamed.status).to.equal(200);
      expect(renamed.body).to.include({ title: 'After the rotation', version: 2 });
      expect(betterAuth.jwksRequests, 'key set fetches after the rotation').to.equal(jwksRequests + 1);

      // Better Auth keeps publishing the old key for its grace period: tokens signed before still work.
      const reread = await beforeRotation.request('GET', `/api/tasks/${task.id}`);
      expect(reread.status).to.equal(200);
      expect(reread.body).to.deep.equal(renamed.body);
    });
  });
}
