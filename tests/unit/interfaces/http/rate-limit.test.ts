import { expect } from 'chai';
import { clientAddressKey, SlidingWindowRateLimiter } from '../../../../src/interfaces/http/middleware/rate-limit.js';

describe('SlidingWindowRateLimiter', () => {
  let now: number;
  const clock = () => now;
  beforeEach(() => {
    now = 10 * 60_000; // the start of a window
  });

  it('lets a key through up to its budget, then says how long to wait; other keys are unaffected', () => {
    const limiter = new SlidingWindowRateLimiter(3, clock);
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).to.deep.equal([0, 0, 0, 60]);
    expect(limiter.take('b')).to.equal(0);
    now += 45_000;
    expect(limiter.take('a')).to.equal(15);
  });

  it('weighs the previous minute by how much of it still overlaps the last sixty seconds', () => {
    const limiter = new SlidingWindowRateLimiter(4, clock);
    for (let request = 0; request < 4; request++) limiter.take('a');
    now += 60_000 + 30_000; // half of the full previous window still counts: 2 of 4
    expect(limiter.take('a')).to.equal(0);
    expect(limiter.take('a')).to.equal(0);
    expect(limiter.take('a')).to.be.greaterThan(0);
    now += 60_000 * 2; // a window with nothing in between: all forgotten
    expect(limiter.idle).to.equal(false);
    expect(limiter.retryAfter('a')).to.equal(0);
    expect(limiter.idle).to.equal(true);
  });

  it('checks without counting, and counts without checking', () => {
    const limiter = new SlidingWindowRateLimiter(2, clock);
    expect(limiter.idle).to.equal(true);
    for (let check = 0; check < 5; check++) expect(limiter.retryAfter('a')).to.equal(0);
    expect(limiter.idle).to.equal(true);
    limiter.record('a');
    limiter.record('a');
    expect(limiter.idle).to.equal(false);
    expect(limiter.retryAfter('a')).to.equal(60);
    expect(limiter.retryAfter('b')).to.equal(0);
  });

  it('stops tracking new keys once it holds maxKeys in a window, rather than growing', () => {
    const limiter = new SlidingWindowRateLimiter(1, clock, 2);
    for (const key of ['a', 'b', 'c', 'c', 'c']) limiter.record(key);
    expect(limiter.retryAfter('a')).to.be.greaterThan(0);
    expect(limiter.retryAfter('b')).to.be.greaterThan(0);
    expect(limiter.retryAfter('c')).to.equal(0);
  });
});

describe('clientAddressKey', () => {
  it('keeps IPv4 addresses, also when written IPv4-mapped', () => {
    expect(clientAddressKey('203.0.113.7')).to.equal('203.0.113.7');
    expect(clientAddressKey('::ffff:203.0.113.7')).to.equal('203.0.113.7');
  });

  it('counts an IPv6 host by its /64, however the address is written', () => {
    const key = '2001:db8:0:1::/64';
    for (const address of ['2001:db8:0:1::1', '2001:0DB8:0000:0001:ffff:1:2:3', '2001:db8:0:1:0:0:0:9', '2001:db8:0:1::5%eth0']) {
      expect(clientAddressKey(address), address).to.equal(key);
    }
    expect(clientAddressKey('2001:db8:0:2::1')).to.not.equal(key);
    expect(clientAddressKey('::1')).to.equal('0:0:0:0::/64');
    expect(clientAddressKey('fe80::1%lo0')).to.equal('fe80:0:0:0::/64');
  });

  it('bounds what it keeps of a value that is no address', () => {
    expect(clientAddressKey('x'.repeat(10_000))).to.have.length(64);
    expect(clientAddressKey('')).to.equal('');
  });
});
