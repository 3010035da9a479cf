/**
 * Who may use `/mcp`: the API's own token verification, the challenge that leads an MCP client to its
 * authorization server (RFC 9728 metadata), the MCP audience, and the API's rate limits.
 */
import { expect } from 'chai';
import { issueSharedSecretToken } from '../../src/infrastructure/auth/shared-secret-token-issuer.js';
import { McpTestClient } from '../support/mcp-client.js';
import { signWithSecret } from '../support/signed-tokens.js';
import { TEST_SECRET, TestService, useTestService } from '../support/test-service.js';

const MCP_AUDIENCE = 'https://tasks.example.com/mcp';
const AUTH_SERVER = 'https://app.example.com';

/** One JSON-RPC request POSTed as an MCP client would, without the SDK (which cannot show the HTTP answer). */
function postMcp(url: string, token?: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/mcp`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      ...(token && { Authorization: `Bearer ${token}` }),
      ...headers,
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  });
}

/** The auth-params of a `WWW-Authenticate: Bearer …` header. */
function challengeOf(response: Response): Record<string, string> {
  const header = response.headers.get('WWW-Authenticate') ?? '';
  expect(header).to.match(/^Bearer /);
  return Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((match) => [match[1]!, match[2]!]));
}

describe('MCP over HTTP: authentication and limits', function () {
  this.timeout(60_000);

  describe('with the default configuration', () => {
    const service = useTestService();

    it('refuses a request without a token with 401 and a challenge naming the resource metadata', async () => {
      const response = await postMcp(service.url);

      expect(response.status).to.equal(401);
      expect(challengeOf(response)).to.deep.equal({
        realm: 'tasks-api',
        resource_metadata: `${service.url}/.well-known/oauth-protected-resource/mcp`,
      });
      expect(await response.json()).to.include({ status: 401, detail: 'Missing bearer token' });
    });

    it('refuses a forged, an expired and a malformed token with 401 invalid_token', async () => {
      const user = TestService.newUserId('mallory');
      const tokens = [
        await signWithSecret('a-different-secret-that-is-at-least-32-bytes', { claims: { sub: user } }),
        await signWithSecret(TEST_SECRET, { claims: { sub: user, iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 } }),
        'not a token',
      ];
      for (const token of tokens) {
        const response = await postMcp(service.url, token);
        expect(response.status, token).to.equal(401);
        expect(challengeOf(response), token).to.deep.equal({
          realm: 'tasks-api',
          resource_metadata: `${service.url}/.well-known/oauth-protected-resource/mcp`,
          error: 'invalid_token',
        });
      }
    });

    it('answers a request with a valid token, with no session to keep', async () => {
      const response = await postMcp(service.url, await service.tokenFor(TestService.newUserId()));

      expect(response.status).to.equal(200);
      expect(response.headers.get('Mcp-Session-Id')).to.equal(null);
      const body = (await response.json()) as { result: { tools: unknown[] } };
      expect(body.result.tools).to.have.length(8);
    });

    it('serves its protected resource metadata at both well-known paths, without authentication', async () => {
      for (const path of ['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp']) {
        const response = await service.request('GET', path);
        expect(response.status, path).to.equal(200);
        expect(response.body, path).to.deep.equal({
          resource: `${service.url}/mcp`,
          bearer_methods_supported: ['header'],
          resource_name: 'Tasks API',
        });
      }
    });

    it('takes its public address from Host, and ignores X-Forwarded-Host while no proxy is trusted', async () => {
      const response = await service.request('GET', '/.well-known/oauth-protected-resource', {
        headers: { 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https' },
      });
      expect(response.body.resource).to.equal(`${service.url}/mcp`);
    });

    it('answers GET and DELETE with 405: stateless, it has no stream to open and no session to end', async () => {
      for (const method of ['GET', 'DELETE']) {
        const response = await service.request(method, '/mcp', { token: await service.tokenFor('someone') });
        expect(response.status, method).to.equal(405);
        expect(response.headers.get('Allow'), method).to.equal('POST');
      }
    });
  });

  describe('with BETTER_AUTH_URL, MCP_AUDIENCE and a trusted proxy', () => {
    const service = useTestService({ BETTER_AUTH_URL: `${AUTH_SERVER}/`, MCP_AUDIENCE, TRUST_PROXY: 'true' });
    const tokenFor = (audience?: string) =>
      issueSharedSecretToken(TEST_SECRET, TestService.newUserId('agent'), { ttlSeconds: 600, ...(audience !== undefined && { audience }) });

    it('names the authorization server and the audience in its metadata, and the proxy’s address in its challenge', async () => {
      const metadata = await service.request('GET', '/.well-known/oauth-protected-resource/mcp');
      expect(metadata.body).to.deep.equal({
        resource: MCP_AUDIENCE,
        authorization_servers: [AUTH_SERVER],
        bearer_methods_supported: ['header'],
        resource_name: 'Tasks API',
      });

      const refused = await postMcp(service.url, undefined, { 'X-Forwarded-Host': 'tasks.example.com', 'X-Forwarded-Proto': 'https' });
      expect(challengeOf(refused).resource_metadata).to.equal('https://tasks.example.com/.well-known/oauth-protected-resource/mcp');
    });

    it('refuses a token for another audience, or for none, with 401, and serves one for the MCP audience', async () => {
      for (const audience of ['https://elsewhere.example.com', undefined]) {
        const response = await postMcp(service.url, await tokenFor(audience));
        expect(response.status, audience).to.equal(401);
        expect(challengeOf(response), audience).to.include({ error: 'invalid_token' });
        expect(await response.json()).to.include({ detail: 'Token was not issued for this resource' });
      }

      const agent = await McpTestClient.connect(service.url, await tokenFor(MCP_AUDIENCE));
      try {
        expect(await agent.ok('find_tasks')).to.deep.equal({ tasks: [], next_cursor: null });
      } finally {
        await agent.close();
      }
      expect((await postMcp(service.url, await tokenFor(MCP_AUDIENCE))).status).to.equal(200);
    });

    it('refuses a Host that is not a host name rather than put it in a URL', async () => {
      const response = await postMcp(service.url, undefined, { 'X-Forwarded-Host': 'a"b' });
      expect(response.status).to.equal(400);
      expect(response.headers.get('WWW-Authenticate')).to.equal(null);
    });
  });

  describe('with rate limits', () => {
    const service = useTestService({ RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_ANON_PER_MINUTE: '2' });

    it('counts a user’s MCP requests against the same budget as their REST requests', async () => {
      const user = await service.as(TestService.newUserId());
      for (let request = 0; request < 3; request++) expect((await user.request('GET', '/api/tasks')).status).to.equal(200);

      const response = await postMcp(service.url, user.token);
      expect(response.status).to.equal(429);
      expect(response.headers.get('Retry-After')).to.match(/^\d+$/);
    });

    it('counts requests without valid credentials per address, whichever door they knock on', async () => {
      // The anonymous budget is per address and every test runs from 127.0.0.1: this one spends it all.
      expect((await service.request('GET', '/api/tasks', { token: 'forged' })).status).to.equal(401);
      expect((await postMcp(service.url, 'forged')).status).to.equal(401);
      expect((await postMcp(service.url, 'forged')).status).to.equal(429);
    });
  });
});
