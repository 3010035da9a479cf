import { expect } from 'chai';
import { ManualClock } from '../../../../src/infrastructure/system/manual-clock.js';

describe('ManualClock', () => {
  const start = new Date('2026-11-25T10:00:00.000Z');

  it('stands still at the time it was given', () => {
    const clock = new ManualClock(start);

    expect(clock.now().toISOString()).to.equal('2026-11-25T10:00:00.000Z');
    expect(clock.now().toISOString()).to.equal('2026-11-25T10:00:00.000Z');
  });

  it('moves forwards and backwards by the milliseconds it is told', () => {
    const clock = new ManualClock(start);

    expect(clock.advance(1500).toISOString()).to.equal('2026-11-25T10:00:01.500Z');
    clock.advance(-2000);

    expect(clock.now().toISOString()).to.equal('2026-11-25T09:59:59.500Z');
  });

  it('jumps to the time it is set to', () => {
    const clock = new ManualClock(start);

    clock.set(new Date('2030-01-01T00:00:00.000Z'));

    expect(clock.now().toISOString()).to.equal('2030-01-01T00:00:00.000Z');
  });

  it('cannot be moved by mutating the dates it was given or handed out', () => {
    const given = new Date(start);
    const clock = new ManualClock(given);

    given.setFullYear(1999);
    clock.now().setFullYear(1998);

    expect(clock.now().toISOString()).to.equal('2026-11-25T10:00:00.000Z');
  });
});
