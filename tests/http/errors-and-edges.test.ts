/** Every status of the contract's error table, and the cross-cutting headers. */
import { expect } from 'chai';
import { Script } from 'node:vm';
import { TestService, useTestService, type UserClient } from '../support/test-service.js';

describe('HTTP: errors and cross-cutting behaviour', () => {
  const service = useTestService({ CORS_ORIGINS: 'http://localhost:3000,https://app.example.com' });
  let user: UserClient;
  beforeEach(async () => {
    user = await service.as(TestService.newUserId('edge'));
  });

  const expectProblem = (response: { status: number; headers: Headers; body: any }, status: number) => {
    expect(response.status).to.equal(status);
    expect(response.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(response.body).to.include({ status, type: 'about:blank' });
    expect(response.body.title).to.be.a('string');
    expect(response.body.detail).to.be.a('string');
  };

  it('400 for malformed JSON, without echoing parser internals', async () => {
    const response = await user.request('POST', '/api/tasks', { rawBody: '{"title": "x",', headers: { 'Content-Type': 'application/json' } });
    expectProblem(response, 400);
    expect(response.body.detail).to.equal('Malformed JSON in request body');
  });

  it('401 with WWW-Authenticate when the token is missing or invalid, never echoing the token', async () => {
    const missing = await service.request('GET', '/api/tasks');
    expectProblem(missing, 401);
    expect(missing.headers.get('www-authenticate')).to.equal('Bearer');

    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const invalid = await service.request('GET', '/api/tasks', { token });
    expectProblem(invalid, 401);
    expect(invalid.headers.get('www-authenticate')).to.equal('Bearer error="invalid_token"');
    expect(invalid.text).to.not.include(token);

    for (const malformed of ['Bearer a b', 'Bearer\ttoken with spaces', 'Bearer tok"en']) {
      const response = await service.request('GET', '/api/tasks', { headers: { Authorization: malformed } });
      expectProblem(response, 401);
      expect(response.headers.get('www-authenticate'), malformed).to.equal('Bearer error="invalid_token"');
    }
    for (const absent of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer   ', 'Bearertoken']) {
      const response = await service.request('GET', '/api/tasks', { headers: { Authorization: absent } });
      expectProblem(response, 401);
      expect(response.headers.get('www-authenticate'), absent).to.equal('Bearer');
    }

    const lowercase = await service.request('GET', '/api/tasks', { headers: { Authorization: `bearer ${user.token}` } });
    expect(lowercase.status).to.equal(200);
    const inQuery = await service.request('GET', `/api/tasks?access_token=${user.token}`);
    expect(inQuery.status).to.equal(401);
    const inCookie = await service.request('GET', '/api/tasks', { headers: { Cookie: `token=${user.token}` } });
    expect(inCookie.status).to.equal(401);
  });

  it('404 for unknown routes, 405 with Allow for a known path and wrong method', async () => {
    expectProblem(await user.request('GET', '/api/nope'), 404);
    expectProblem(await service.request('GET', '/nope'), 404);
    const wrongMethod = await user.request('DELETE', '/api/tasks');
    expectProblem(wrongMethod, 405);
    expect(wrongMethod.headers.get('allow')).to.match(/GET/).and.match(/POST/);
    for (const [method, path] of [
      ['POST', '/api/tasks/stats'],
      ['PUT', '/api/tasks/stats'],
      ['DELETE', '/api/tasks/changes'],
      ['PATCH', '/api/tasks/changes'],
    ] as const) {
      const fixedPath = await user.request(method, path, method === 'DELETE' ? {} : { body: { title: 'x' } });
      expectProblem(fixedPath, 405);
      expect(fixedPath.headers.get('allow'), `${method} ${path}`).to.equal('GET, HEAD');
    }
  });

  it('413 for a body over 64 KiB, 415 for a body that is not JSON', async () => {
    const big = await user.request('POST', '/api/tasks', { body: { title: 'big', description: 'x'.repeat(70 * 1024) } });
    expectProblem(big, 413);
    const form = await user.request('POST', '/api/tasks', { rawBody: 'title=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expectProblem(form, 415);
    const text = await user.request('POST', '/api/tasks', { rawBody: '{"title":"x"}', headers: { 'Content-Type': 'text/plain' } });
    expectProblem(text, 415);
    const list = await user.request('GET', '/api/tasks');
    expect(list.body.items).to.deep.equal([]);
  });

  it('hostile text is a 4xx, never a 500: NUL bytes, broken Unicode, tampered cursors', async () => {
    const bodies = ['{"title":"nul \\u0000 inside"}', '{"title":"half \\ud800 surrogate"}', '{"title":"ok","description":"nul \\u0000"}'];
    for (const rawBody of bodies) {
      const response = await user.request('POST', '/api/tasks', { rawBody, headers: { 'Content-Type': 'application/json' } });
      expect(response.status, rawBody).to.equal(422);
    }
    for (const q of ['%00', 'a%00b']) {
      const response = await user.request('GET', `/api/tasks?q=${q}`);
      expect(response.status, q).to.equal(400);
    }
    const id = '01935f0e-7b7c-7cc2-9f1e-2a0c8f4f8f11';
    const cursors = [
      ['title', 'asc', 'nul\u0000', id],
      ['created_at', 'desc', '2026-02-30T00:00:00.000Z', id],
      ['created_at', 'desc', '0000-01-01T00:00:00.000Z', id],
      ['created_at', 'desc', '2026-11-25T10:00:00.000Z', '-'.repeat(36)],
      ['created_at', 'desc', '2026-11-25T10:00:00.000Z', '01a21388c650-71a3-a907-5944f2503e55-'],
    ];
    for (const parts of cursors) {
      const [sort, order] = parts;
      const cursor = Buffer.from(JSON.stringify(parts)).toString('base64url');
      const tampered = await user.request('GET', `/api/tasks?sort=${sort}&order=${order}&cursor=${cursor}`);
      expect(tampered.status, JSON.stringify(parts)).to.equal(400);
    }
    const list = await user.request('GET', '/api/tasks');
    expect(list.body.items).to.deep.equal([]);
  });

  it('431 problem+json with a request id for headers over 16 KiB', async () => {
    const response = await service.request('GET', '/api/tasks', { headers: { 'X-Padding': 'x'.repeat(20 * 1024) } });
    expectProblem(response, 431);
    expect(response.headers.get('x-request-id')).to.equal(response.body.request_id);
  });

  it('X-Request-Id: echoes a sane caller id, replaces an unsafe one, and sets one on every response', async () => {
    const echoed = await user.request('GET', '/api/tasks', { headers: { 'X-Request-Id': 'trace-123.abc' } });
    expect(echoed.headers.get('x-request-id')).to.equal('trace-123.abc');
    const replaced = await user.request('GET', '/api/tasks', { headers: { 'X-Request-Id': 'bad id <script>' } });
    expect(replaced.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
    const failed = await service.request('GET', '/api/tasks');
    expect(failed.headers.get('x-request-id')).to.be.a('string');
  });

  it('CORS: allows listed origins with exposed headers, ignores others', async () => {
    const preflight = await service.request('OPTIONS', '/api/tasks', {
      headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
    });
    expect(preflight.status).to.equal(204);
    expect(preflight.headers.get('access-control-allow-origin')).to.equal('https://app.example.com');
    expect(preflight.headers.get('access-control-allow-headers')).to.match(/Authorization/);

    const allowed = await user.request('GET', '/api/tasks', { headers: { Origin: 'http://localhost:3000' } });
    expect(allowed.headers.get('access-control-allow-origin')).to.equal('http://localhost:3000');
    expect(allowed.headers.get('access-control-expose-headers')).to.include('ETag').and.include('X-Request-Id');
    expect(allowed.headers.get('access-control-allow-credentials')).to.equal(null);

    const denied = await user.request('GET', '/api/tasks', { headers: { Origin: 'https://evil.example' } });
    expect(denied.headers.get('access-control-allow-origin')).to.equal(null);
  });

  it('sends an API’s security headers with JSON, and a web page’s with the docs page', async () => {
    for (const response of [await user.request('GET', '/api/tasks'), await user.request('GET', '/api/tasks/not-a-uuid'), await service.request('GET', '/openapi.json')]) {
      expect(response.headers.get('content-security-policy')).to.equal("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(response.headers.get('x-frame-options')).to.equal('DENY');
      expect(response.headers.get('strict-transport-security')).to.equal('max-age=31536000; includeSubDomains');
      expect(response.headers.get('referrer-policy')).to.equal('no-referrer');
      // A web page's headers do nothing for JSON, and cost every answer their bytes.
      expect(response.headers.get('x-xss-protection')).to.equal(null);
      expect(response.headers.get('origin-agent-cluster')).to.equal(null);
      expect(response.headers.get('x-powered-by')).to.equal(null);
    }

    const docs = await service.request('GET', '/docs');
    expect(docs.headers.get('content-type')).to.match(/^text\/html/);
    expect(docs.headers.get('content-security-policy')).to.include("default-src 'self'").and.include("script-src 'self'");
    expect(docs.headers.get('x-frame-options')).to.equal('SAMEORIGIN');
    expect(docs.headers.get('x-content-type-options')).to.equal('nosniff');
  });

  it('health, readiness, OpenAPI and the docs need no token', async () => {
    expect((await service.request('GET', '/healthz')).body).to.deep.equal({ status: 'ok' });
    expect((await service.request('GET', '/readyz')).body).to.deep.equal({ status: 'ready' });

    const openapi = await service.request('GET', '/openapi.json');
    expect(openapi.status).to.equal(200);
    expect(openapi.body.openapi).to.equal('3.1.0');
    expect(Object.keys(openapi.body.paths)).to.include.members(['/api/tasks', '/api/tasks/{id}', '/api/tasks/{id}/complete', '/api/tasks/stats']);
    expect(openapi.body.components.securitySchemes.bearerAuth).to.include({ type: 'http', scheme: 'bearer' });
    expect(openapi.body.components.schemas.Task.required).to.include.members(['id', 'title', 'version']);

    const docs = await service.request('GET', '/docs');
    expect(docs.status).to.equal(200);
    expect(docs.text).to.include('/docs/swagger-ui-bundle.js').and.not.match(/https?:\/\/(?!localhost)/);
    for (const asset of ['swagger-ui-bundle.js', 'swagger-ui.css', 'swagger-initializer.js']) {
      const response = await service.request('GET', `/docs/${asset}`);
      expect(response.status, asset).to.equal(200);
    }
    // The page's own script is a string in the server's source: only running it would otherwise find a slip.
    const initializer = await service.request('GET', '/docs/swagger-initializer.js');
    expect(() => new Script(initializer.text), 'swagger-initializer.js parses').to.not.throw();
    expectProblem(await service.request('GET', '/docs/..%2Fpackage.json'), 404);
  });
});

describe('HTTP: rate limit', () => {
  const service = useTestService({ RATE_LIMIT_PER_MINUTE: '5' });

  it('429 with Retry-After once a user exceeds the budget; other users are unaffected', async () => {
    const greedy = await service.as(TestService.newUserId('greedy'));
    const statuses = [];
    for (let index = 0; index < 7; index++) statuses.push((await greedy.request('GET', '/api/tasks')).status);
    expect(statuses).to.deep.equal([200, 200, 200, 200, 200, 429, 429]);
    const limited = await greedy.request('GET', '/api/tasks');
    expect(limited.headers.get('content-type')).to.match(/problem\+json/);
    expect(Number(limited.headers.get('retry-after'))).to.be.within(1, 60);

    const polite = await service.as(TestService.newUserId('polite'));
    expect((await polite.request('GET', '/api/tasks')).status).to.equal(200);
  });
});
