import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';

type Behaviour =
  | { readonly kind: 'keys'; readonly keys: readonly JWK[] }
  | { readonly kind: 'raw'; readonly status: number; readonly body: string; readonly headers: Record<string, string> }
  | { readonly kind: 'hang' };

/**
 * A real JWKS endpoint on 127.0.0.1 (ephemeral port) whose answers a test can change between requests,
 * and which counts the requests it receives.
 */
export class JwksTestServer {
  hits = 0;
  private behaviour: Behaviour;
  private readonly hanging = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    keys: readonly JWK[],
  ) {
    this.behaviour = { kind: 'keys', keys };
    server.on('request', (_request, response) => this.answer(response));
  }

  static async start(keys: readonly JWK[] = []): Promise<JwksTestServer> {
    const server = createServer();
    const jwksServer = new JwksTestServer(server, keys);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    return jwksServer;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/api/auth/jwks`;
  }

  serveKeys(keys: readonly JWK[]): void {
    this.behaviour = { kind: 'keys', keys };
  }

  respondWith(status: number, body: string, headers: Record<string, string> = { 'content-type': 'text/html' }): void {
    this.behaviour = { kind: 'raw', status, body, headers };
  }

  /** Accepts requests and never answers them. */
  hang(): void {
    this.behaviour = { kind: 'hang' };
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(response: ServerResponse): void {
    this.hits += 1;
    const behaviour = this.behaviour;
    switch (behaviour.kind) {
      case 'keys':
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ keys: behaviour.keys }));
        return;
      case 'raw':
        response.writeHead(behaviour.status, behaviour.headers);
        response.end(behaviour.body);
        return;
      case 'hang':
        this.hanging.add(response);
        return;
    }
  }
}
