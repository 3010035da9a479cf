import { expect } from 'chai';
import { SystemClock } from '../../../../src/infrastructure/system/system-clock.js';

describe('SystemClock', () => {
  it('tells the current time', () => {
    const before = Date.now();
    const now = new SystemClock().now().getTime();
    const after = Date.now();

    expect(now).to.be.within(before, after);
  });
});
