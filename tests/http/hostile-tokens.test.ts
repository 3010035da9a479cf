/**
 * Forged, broken and misplaced credentials over a real socket, against a service with both token modes on
 * (the shared secret and a JWKS endpoint): each is refused with 401 problem+json and a WWW-Authenticate
 * challenge — or 503 + Retry-After while the key server cannot be reached — and never touches a task.
 * Every token claims the victim's user id, so one accepted by mistake would show in the victim's tasks.
 */
import { expect } from 'chai';
import { exportSPKI } from 'jose';
import { JwksTestServer } from '../support/jwks-test-server.js';
import {
  compactToken,
  generateTestKeyPair,
  nowInSeconds,
  signToken,
  signWithKeyPair,
  signWithSecret,
  withTamperedPayload,
  type TestKeyPair,
} from '../support/signed-tokens.js';
import { TEST_SECRET, TestService, type UserClient } from '../support/test-service.js';

/** Where a request carries its credentials; `sent` lists the secrets that must never come back. */
interface Credentials {
  readonly headers?: Record<string, string>;
  readonly query?: string;
  readonly sent: readonly string[];
}

const bearer = (token: string): Credentials => ({ headers: { Authorization: `Bearer ${token}` }, sent: [token] });

/** The challenge for a request that sent no bearer token, and for one whose token was refused. */
const NO_TOKEN = 'Bearer';
const INVALID_TOKEN = 'Bearer error="invalid_token"';

/** Tries to read, create, change and delete as the victim; every attempt must be refused alike. */
async function attemptAsVictim(
  service: TestService,
  victimsTaskId: string,
  credentials: Credentials,
  expected: { status: 401; challenge: string } | { status: 503 },
): Promise<void> {
  const query = credentials.query ? `?${credentials.query}` : '';
  for (const [method, path, body] of [
    ['GET', '/api/tasks', undefined],
    ['POST', '/api/tasks', { title: 'Planted by an attacker' }],
    ['PUT', `/api/tasks/${victimsTaskId}`, { title: 'pwned' }],
    ['PATCH', `/api/tasks/${victimsTaskId}/complete`, undefined],
    ['DELETE', `/api/tasks/${victimsTaskId}`, undefined],
  ] as const) {
    const label = `${method} ${path}`;
    const response = await service.request(method, `${path}${query}`, { headers: credentials.headers, ...(body && { body }) });
    expect(response.status, label).to.equal(expected.status);
    expect(response.headers.get('content-type'), label).to.match(/^application\/problem\+json/);
    expect(response.body, label).to.include({ status: expected.status });
    if (expected.status === 401) expect(response.headers.get('www-authenticate'), label).to.equal(expected.challenge);
    else expect(Number(response.headers.get('retry-after')), label).to.be.within(1, 60);
    for (const secret of credentials.sent) expect(response.text, `${label} echoes the credentials`).to.not.include(secret);
  }
}

/** The victim's one task is exactly as it was, and no other task appeared in their name. */
async function expectUntouched(victim: UserClient, victimsTask: any): Promise<void> {
  const task = await victim.request('GET', `/api/tasks/${victimsTask.id}`);
  expect(task.body, 'the victim’s task').to.deep.equal(victimsTask);
  const list = await victim.request('GET', '/api/tasks');
  expect(list.body.items, 'the victim’s tasks').to.deep.equal([victimsTask]);
}

describe('HTTP: hostile tokens', () => {
  let jwks: JwksTestServer;
  let service: TestService;
  let eddsa: TestKeyPair;
  let rsa: TestKeyPair;
  /** The JWKS server's base URL: BETTER_AUTH_URL, hence the iss and aud JWKS tokens must carry. */
  let issuer: string;
  let victim: UserClient;
  let victimsTask: any;

  before(async () => {
    eddsa = await generateTestKeyPair('EdDSA');
    rsa = await generateTestKeyPair('RS256');
    jwks = await JwksTestServer.start([eddsa.publicJwk, rsa.publicJwk]);
    issuer = jwks.url.replace(/\/api\/auth\/jwks$/, '');
    service = await TestService.start({ BETTER_AUTH_URL: issuer });
    victim = await service.as(TestService.newUserId('victim'));
    victimsTask = await victim.createTask('The victim’s task', 'must stay as it is');
  });
  after(async () => {
    await service?.stop();
    await jwks?.stop();
  });

  /** Claims of a token that would be accepted: the victim's id, and for JWKS tokens iss/aud (signToken adds exp). */
  const victimClaims = (extra: object = {}) => ({ sub: victim.userId, ...extra });
  const jwksClaims = (extra: object = {}) => ({ iss: issuer, aud: issuer, ...victimClaims(extra) });
  const sharedSecretToken = (extra: object = {}) => signWithSecret(TEST_SECRET, { claims: victimClaims(extra) });
  const jwksToken = (extra: object = {}, pair = eddsa) => signWithKeyPair(pair, { claims: jwksClaims(extra) });

  it('accepts the well-formed tokens the hostile ones are made from', async () => {
    for (const [name, token] of [
      ['HS256', await sharedSecretToken()],
      ['EdDSA', await jwksToken()],
      ['RS256', await jwksToken({}, rsa)],
    ] as const) {
      const response = await service.request('GET', `/api/tasks/${victimsTask.id}`, { token });
      expect(response.status, name).to.equal(200);
    }
  });

  interface HostileCase {
    readonly name: string;
    readonly credentials: () => Promise<Credentials>;
    /** The WWW-Authenticate challenge expected; a refused token by default. */
    readonly challenge?: string;
  }

  /**
   * One case per mode for claims both modes must refuse. Claims that depend on the time are given as a function,
   * called when the token is made: the cases are built when this file loads, which may be many minutes before
   * they run in a full test run.
   */
  const inBothModes = (name: string, claims: object | (() => object)): HostileCase[] => {
    const claimsNow = () => (typeof claims === 'function' ? claims() : claims);
    return [
      { name: `${name} (shared secret)`, credentials: async () => bearer(await sharedSecretToken(claimsNow())) },
      { name: `${name} (JWKS)`, credentials: async () => bearer(await jwksToken(claimsNow())) },
    ];
  };

  const cases: HostileCase[] = [
    { name: 'no Authorization header', credentials: async () => ({ sent: [] }), challenge: NO_TOKEN },
    {
      name: 'a Basic scheme',
      credentials: async () => ({
        headers: { Authorization: `Basic ${Buffer.from(`${victim.userId}:password`).toString('base64')}` },
        sent: [],
      }),
      challenge: NO_TOKEN,
    },
    {
      name: 'a valid token under the Token scheme',
      credentials: async () => {
        const token = await sharedSecretToken();
        return { headers: { Authorization: `Token ${token}` }, sent: [token] };
      },
      challenge: NO_TOKEN,
    },
    {
      name: 'a valid token with no scheme',
      credentials: async () => {
        const token = await sharedSecretToken();
        return { headers: { Authorization: token }, sent: [token] };
      },
      challenge: NO_TOKEN,
    },
    { name: 'an empty bearer token', credentials: async () => ({ headers: { Authorization: 'Bearer ' }, sent: [] }), challenge: NO_TOKEN },
    { name: 'garbage', credentials: async () => bearer('not-a-jwt') },
    { name: 'three segments of garbage', credentials: async () => bearer('a.b.c') },
    {
      name: 'alg "none" with no signature',
      credentials: async () => bearer(compactToken({ alg: 'none', typ: 'JWT' }, victimClaims({ exp: nowInSeconds() + 600 }))),
    },
    {
      name: 'alg "none" under a published kid',
      credentials: async () => bearer(compactToken({ alg: 'none', kid: eddsa.kid }, jwksClaims({ exp: nowInSeconds() + 600 }))),
    },
    {
      name: 'HS256 signed with the published RSA key as PEM (algorithm confusion)',
      credentials: async () => {
        const key = new TextEncoder().encode(await exportSPKI(rsa.publicKey));
        return bearer(await signToken(key, 'HS256', { claims: jwksClaims(), header: { kid: rsa.kid } }));
      },
    },
    {
      name: 'HS256 signed with the published RSA key as JWK JSON (algorithm confusion)',
      credentials: async () => {
        const key = new TextEncoder().encode(JSON.stringify(rsa.publicJwk));
        return bearer(await signToken(key, 'HS256', { claims: jwksClaims(), header: { kid: rsa.kid } }));
      },
    },
    {
      name: 'HS256 signed with a wrong secret',
      credentials: async () => bearer(await signWithSecret('another-secret-that-is-also-32-bytes-or-more', { claims: victimClaims() })),
    },
    {
      name: 'a shared-secret token whose payload was changed to the victim’s, with its original signature',
      credentials: async () => {
        const own = await signWithSecret(TEST_SECRET, { claims: { sub: 'attacker' } });
        return bearer(withTamperedPayload(own, victimClaims({ exp: nowInSeconds() + 3600 })));
      },
    },
    {
      name: 'a JWKS token whose payload was changed to the victim’s, with its original signature',
      credentials: async () => {
        const own = await signWithKeyPair(eddsa, { claims: { iss: issuer, aud: issuer, sub: 'attacker' } });
        return bearer(withTamperedPayload(own, jwksClaims({ exp: nowInSeconds() + 3600 })));
      },
    },
    ...inBothModes('a token expired beyond the clock tolerance', () => ({ exp: nowInSeconds() - 120 })),
    ...inBothModes('a token whose nbf is in the future', () => ({ nbf: nowInSeconds() + 600 })),
    ...inBothModes('a token with no exp', { exp: undefined }),
    { name: 'a wrong iss', credentials: async () => bearer(await jwksToken({ iss: 'http://evil.example.test' })) },
    { name: 'a wrong aud', credentials: async () => bearer(await jwksToken({ aud: 'http://evil.example.test' })) },
    {
      name: 'an unknown kid',
      credentials: async () => {
        const stranger = await generateTestKeyPair('EdDSA', 'never-published');
        return bearer(await signWithKeyPair(stranger, { claims: jwksClaims() }));
      },
    },
    {
      name: 'a stranger’s key under a published kid',
      credentials: async () => {
        const stranger = await generateTestKeyPair('EdDSA', eddsa.kid);
        return bearer(await signWithKeyPair(stranger, { claims: jwksClaims() }));
      },
    },
    ...inBothModes('neither sub nor user_id', { sub: undefined }),
    ...inBothModes('sub and user_id that differ', { user_id: 'attacker' }),
    ...inBothModes('a user id of 300 characters', { sub: 'u'.repeat(300) }),
    ...inBothModes('a 12 KiB token', { padding: 'x'.repeat(9 * 1024) }).map((hostile) => ({
      ...hostile,
      credentials: async () => {
        const credentials = await hostile.credentials();
        // 9 KiB of claims is 12 KiB of base64url: well under the 16 KiB of headers Node accepts, so the
        // service itself has to refuse it.
        expect(credentials.sent[0]).to.have.length.within(12 * 1024, 13 * 1024);
        return credentials;
      },
    })),
    {
      name: 'a valid token in the query string, with no Authorization header',
      credentials: async () => {
        const token = await sharedSecretToken();
        return { query: `access_token=${token}&token=${token}`, sent: [token] };
      },
      challenge: NO_TOKEN,
    },
    {
      name: 'a valid token in cookies, with no Authorization header',
      credentials: async () => {
        const token = await jwksToken();
        return { headers: { Cookie: `token=${token}; access_token=${token}; better-auth.session_token=${token}` }, sent: [token] };
      },
      challenge: NO_TOKEN,
    },
  ];

  for (const { name, credentials, challenge = INVALID_TOKEN } of cases) {
    it(`refuses ${name} with 401, touching nothing`, async () => {
      await attemptAsVictim(service, victimsTask.id, await credentials(), { status: 401, challenge });
      await expectUntouched(victim, victimsTask);
    });
  }

  it('never lets a valid token for one user reach another user’s tasks, in either mode', async () => {
    const owner = await service.as(TestService.newUserId('owner'));
    const ownersTask = await owner.createTask('Owner’s task', 'private notes');
    const intruderId = TestService.newUserId('intruder');
    const intruderTokens = [
      ['shared secret', await signWithSecret(TEST_SECRET, { claims: { sub: intruderId } })],
      ['JWKS', await signWithKeyPair(eddsa, { claims: { iss: issuer, aud: issuer, sub: intruderId } })],
    ] as const;

    for (const [mode, token] of intruderTokens) {
      const intruder = service.withToken(intruderId, token);
      for (const [method, path, body] of [
        ['GET', `/api/tasks/${ownersTask.id}`, undefined],
        ['PUT', `/api/tasks/${ownersTask.id}`, { title: 'pwned' }],
        ['PATCH', `/api/tasks/${ownersTask.id}`, { completed: true }],
        ['PATCH', `/api/tasks/${ownersTask.id}/complete`, undefined],
        ['DELETE', `/api/tasks/${ownersTask.id}`, undefined],
      ] as const) {
        const response = await intruder.request(method, path, body ? { body } : {});
        expect(response.status, `${mode}: ${method} ${path}`).to.equal(404);
        expect(response.text).to.not.include('private notes');
      }
      const list = await intruder.request('GET', '/api/tasks');
      expect(list.status, mode).to.equal(200);
      expect(list.body.items, mode).to.deep.equal([]);
    }

    expect((await owner.request('GET', `/api/tasks/${ownersTask.id}`)).body).to.deep.equal(ownersTask);
    expect((await owner.request('GET', '/api/tasks')).body.items).to.deep.equal([ownersTask]);
  });
});

describe('HTTP: tokens while the key server cannot be reached', () => {
  let service: TestService;
  let eddsa: TestKeyPair;
  let issuer: string;
  let victim: UserClient;
  let victimsTask: any;

  before(async () => {
    eddsa = await generateTestKeyPair('EdDSA');
    // A port that was just listening and no longer is: connections to it are refused.
    const gone = await JwksTestServer.start([eddsa.publicJwk]);
    issuer = gone.url.replace(/\/api\/auth\/jwks$/, '');
    await gone.stop();
    service = await TestService.start({ BETTER_AUTH_URL: issuer });
    victim = await service.as(TestService.newUserId('victim'));
    victimsTask = await victim.createTask('The victim’s task');
  });
  after(async () => {
    await service?.stop();
  });

  it('answers 503 with Retry-After for a JWKS token it has no cached key for, touching nothing', async () => {
    const token = await signWithKeyPair(eddsa, { claims: { iss: issuer, aud: issuer, sub: victim.userId } });
    await attemptAsVictim(service, victimsTask.id, bearer(token), { status: 503 });
    await expectUntouched(victim, victimsTask);
  });

  it('keeps serving shared-secret tokens meanwhile', async () => {
    const response = await victim.request('GET', `/api/tasks/${victimsTask.id}`);
    expect(response.status).to.equal(200);
  });
});
