import net from 'node:net';

/**
 * A TCP port on `host` that nothing listened on a moment ago, as the system hands out for port 0. Another
 * process may still take it before the caller does: good enough for starting a child process on it.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
