/**
 * A TCP relay between a client and PostgreSQL that a test can break the way networks break. Silenced, it keeps
 * every connection open, accepts new ones and passes nothing on in either direction: a partition or a frozen
 * host, where nothing ever says "refused" or "terminated". Cut, it drops every connection and resets new ones:
 * a server that is gone. Restored, it relays new connections again.
 */
import net from 'node:net';

type LinkState = 'up' | 'silent' | 'cut';

export class DatabaseLink {
  private state: LinkState = 'up';
  private readonly sockets = new Set<net.Socket>();
  private readonly relays: { client: net.Socket; server: net.Socket }[] = [];
  /** When each connection attempt arrived (ms since the epoch), whatever became of it. */
  readonly attempts: number[] = [];

  private constructor(
    private readonly proxy: net.Server,
    /** The database URL, pointing at the relay instead of the server. */
    readonly url: string,
  ) {}

  static async start(databaseUrl: string): Promise<DatabaseLink> {
    const target = new URL(databaseUrl);
    const proxy = net.createServer();
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const relayed = new URL(databaseUrl);
    relayed.hostname = '127.0.0.1';
    relayed.port = String((proxy.address() as net.AddressInfo).port);
    const link = new DatabaseLink(proxy, relayed.toString());
    proxy.on('connection', (client) => link.accept(client, target));
    return link;
  }

  /** From now on nothing gets through, and new connections are accepted but never answered. */
  silence(): void {
    this.state = 'silent';
    for (const { client, server } of this.relays.splice(0)) {
      client.unpipe(server);
      server.unpipe(client);
      client.pause();
      server.pause();
    }
  }

  /** Drops every connection, and resets new ones as soon as they arrive. */
  cut(): void {
    this.state = 'cut';
    this.relays.splice(0);
    for (const socket of this.sockets) socket.destroy();
  }

  /** New connections reach the server again (connections dropped or silenced stay so). */
  restore(): void {
    this.state = 'up';
  }

  /** Drops every connection and stops accepting. */
  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.proxy.close(() => resolve()));
  }

  private accept(client: net.Socket, target: URL): void {
    this.attempts.push(Date.now());
    this.track(client);
    if (this.state === 'cut') {
      client.resetAndDestroy();
      return;
    }
    if (this.state === 'silent') {
      client.pause();
      return;
    }
    const server = this.track(net.connect(Number(target.port || 5432), target.hostname));
    client.pipe(server);
    server.pipe(client);
    client.on('close', () => server.destroy());
    server.on('close', () => client.destroy());
    this.relays.push({ client, server });
  }

  private track(socket: net.Socket): net.Socket {
    this.sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
    return socket;
  }
}
