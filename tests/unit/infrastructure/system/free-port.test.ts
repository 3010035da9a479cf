import { expect } from 'chai';
import net from 'node:net';
import { freePort } from '../../../../src/infrastructure/system/free-port.js';
import { expectRejection } from '../../../support/expect-rejection.js';

describe('freePort', () => {
  it('finds a port that can be listened on straight away', async () => {
    const port = await freePort();
    expect(port).to.be.within(1, 65_535);

    const server = net.createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('leaves nothing listening on the port it found', async () => {
    const port = await freePort();
    const connected = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    expect(connected).to.equal(false);
  });

  it('refuses an address this machine does not have', async () => {
    // 192.0.2.0/24 is reserved for documentation: no interface holds it.
    const error = await expectRejection(freePort('192.0.2.1'), Error);
    expect(error).to.have.property('code', 'EADDRNOTAVAIL');
  });
});
