/**
 * What stands before authentication: a budget per client address for requests without valid credentials
 * (`RATE_LIMIT_ANON_PER_MINUTE`), the address taken from X-Forwarded-For only as far as `TRUST_PROXY` says.
 */
import { expect } from 'chai';
import http from 'node:http';
import { TestService, useTestService } from '../support/test-service.js';

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/** One request over a connection of its own, from `localAddress` (any 127.x.y.z reaches the service on Linux). */
function requestFrom(service: TestService, localAddress: string, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${service.url}${path}`, { localAddress, headers, agent: false }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: text ? JSON.parse(text) : undefined }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
// Well-formed, signed with another secret: a token that costs a signature check to refuse.
const FORGED = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4IiwiZXhwIjo0MTAyNDQ0ODAwfQ.c2lnbmF0dXJlLW9mLWFub3RoZXItc2VjcmV0';

function expectTooMany(response: RawResponse, label: string): void {
  expect(response.status, label).to.equal(429);
  expect(response.headers['content-type'], label).to.match(/^application\/problem\+json/);
  expect(response.body, label).to.include({ status: 429, type: 'about:blank' });
  expect(Number(response.headers['retry-after']), `${label}: Retry-After`).to.be.within(1, 60);
}

describe('HTTP: requests without valid credentials, limited per client address', () => {
  const service = useTestService({ RATE_LIMIT_ANON_PER_MINUTE: '5' });

  it('429 with Retry-After once an address has spent its budget on bad tokens, before any token is checked', async () => {
    const flooder = '127.0.0.2';
    const statuses = [];
    for (let request = 0; request < 5; request++) statuses.push((await requestFrom(service, flooder, '/api/tasks', bearer(FORGED))).status);
    expect(statuses).to.deep.equal([401, 401, 401, 401, 401]);

    expectTooMany(await requestFrom(service, flooder, '/api/tasks', bearer(FORGED)), 'a forged token');
    expectTooMany(await requestFrom(service, flooder, '/api/tasks'), 'no token');
    expectTooMany(await requestFrom(service, flooder, '/api/tasks', { Authorization: 'Bearer not a token' }), 'a malformed token');
    // A valid token never seen before would have to be checked: from this address, not now.
    const newcomer = await service.tokenFor(TestService.newUserId('newcomer'));
    expectTooMany(await requestFrom(service, flooder, '/api/tasks', bearer(newcomer)), 'an unchecked valid token');

    // Other addresses are not affected, and neither are paths outside the API.
    expect((await requestFrom(service, '127.0.0.3', '/api/tasks', bearer(FORGED))).status).to.equal(401);
    expect((await requestFrom(service, flooder, '/healthz')).status).to.equal(200);
  });

  it('lets a token it has already verified through from an address over its budget (a NAT shared with a flooder)', async () => {
    const shared = '127.0.0.4';
    const colleague = await service.as(TestService.newUserId('colleague'));
    expect((await requestFrom(service, shared, '/api/tasks', bearer(colleague.token))).status).to.equal(200);
    for (let request = 0; request < 6; request++) await requestFrom(service, shared, '/api/tasks', bearer(FORGED));
    expectTooMany(await requestFrom(service, shared, '/api/tasks', bearer(FORGED)), 'the flooder');
    expect((await requestFrom(service, shared, '/api/tasks', bearer(colleague.token))).status).to.equal(200);
  });

  it('does not count requests with valid tokens', async () => {
    const busy = await service.as(TestService.newUserId('busy'));
    for (let request = 0; request < 8; request++) {
      const token = await service.tokenFor(busy.userId, 600 + request); // a new token each time: each is checked
      expect((await requestFrom(service, '127.0.0.5', '/api/tasks', bearer(token))).status, `request ${request}`).to.equal(200);
    }
    expect((await requestFrom(service, '127.0.0.5', '/api/tasks', bearer(FORGED))).status).to.equal(401);
  });
});

describe('HTTP: the client address behind proxies (TRUST_PROXY)', () => {
  const direct = useTestService({ RATE_LIMIT_ANON_PER_MINUTE: '2' });
  const proxied = useTestService({ RATE_LIMIT_ANON_PER_MINUTE: '2', TRUST_PROXY: '1' });
  const from = (service: TestService, forwardedFor: string) =>
    requestFrom(service, '127.0.0.6', '/api/tasks', { ...bearer(FORGED), 'X-Forwarded-For': forwardedFor });

  it('ignores X-Forwarded-For when no proxy is trusted: anyone could write it', async () => {
    expect((await from(direct, '198.51.100.1')).status).to.equal(401);
    expect((await from(direct, '198.51.100.2')).status).to.equal(401);
    expectTooMany(await from(direct, '198.51.100.3'), 'a third forwarded address, same socket');
  });

  it('counts the address the trusted proxy saw, whatever the client put before it', async () => {
    expect((await from(proxied, '198.51.100.1')).status).to.equal(401);
    expect((await from(proxied, '198.51.100.1')).status).to.equal(401);
    expectTooMany(await from(proxied, '198.51.100.1'), 'the same client again');
    // The proxy appends the address it saw; what the client claimed comes first and counts for nothing.
    expectTooMany(await from(proxied, '203.0.113.9, 198.51.100.1'), 'a client pretending to be someone else');
    expect((await from(proxied, '198.51.100.1, 198.51.100.2')).status).to.equal(401);
    expect((await from(proxied, '198.51.100.2')).status).to.equal(401);
  });
});
