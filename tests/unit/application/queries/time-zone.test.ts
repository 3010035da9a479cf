import { expect } from 'chai';
import { InvalidQueryError } from '../../../../src/application/errors.js';
import { dayBefore, TimeZone } from '../../../../src/application/queries/time-zone.js';

describe('TimeZone', () => {
  it('is UTC when none is named', () => {
    expect(TimeZone.parse(undefined).name).to.equal('UTC');
    expect(TimeZone.parse(undefined).dateAt(new Date('2026-11-25T23:59:59.999Z'))).to.equal('2026-11-25');
  });

  it('tells the calendar date at an instant in the zone, across its midnight and across a year', () => {
    const tokyo = TimeZone.parse('Asia/Tokyo');
    expect(tokyo.dateAt(new Date('2026-12-31T14:59:59.999Z'))).to.equal('2026-12-31');
    expect(tokyo.dateAt(new Date('2026-12-31T15:00:00.000Z'))).to.equal('2027-01-01');
    const honolulu = TimeZone.parse('Pacific/Honolulu');
    expect(honolulu.dateAt(new Date('2027-01-01T09:59:59.999Z'))).to.equal('2026-12-31');
  });

  it('follows daylight saving time', () => {
    const paris = TimeZone.parse('Europe/Paris');
    // UTC+2 in summer, UTC+1 in winter.
    expect(paris.dateAt(new Date('2026-07-01T21:59:59.999Z'))).to.equal('2026-07-01');
    expect(paris.dateAt(new Date('2026-07-01T22:00:00.000Z'))).to.equal('2026-07-02');
    expect(paris.dateAt(new Date('2026-12-01T22:59:59.999Z'))).to.equal('2026-12-01');
    expect(paris.dateAt(new Date('2026-12-01T23:00:00.000Z'))).to.equal('2026-12-02');
  });

  it('takes IANA names such as those with several parts, signs or dashes', () => {
    for (const name of ['America/Argentina/Buenos_Aires', 'Etc/GMT+5', 'America/Port-au-Prince', 'UTC', 'EST5EDT']) {
      expect(TimeZone.tryParse(name)?.name, name).to.equal(name);
    }
  });

  for (const name of ['Mars/Olympus_Mons', '+01:00', '-0500', 'UTC+1', 'Europe/Paris ', '', 'Europe//Paris', '/Europe/Paris', 'Europe/Paris/', '../../etc/passwd']) {
    it(`refuses ${JSON.stringify(name)}`, () => {
      expect(TimeZone.tryParse(name)).to.equal(null);
      expect(() => TimeZone.parse(name)).to.throw(InvalidQueryError, 'Invalid tz');
    });
  }
});

describe('dayBefore', () => {
  it('steps back over the ends of months and years, and over February 29th', () => {
    expect(dayBefore('2026-11-25')).to.equal('2026-11-24');
    expect(dayBefore('2026-03-01')).to.equal('2026-02-28');
    expect(dayBefore('2024-03-01')).to.equal('2024-02-29');
    expect(dayBefore('2027-01-01')).to.equal('2026-12-31');
    expect(dayBefore('1900-01-01')).to.equal('1899-12-31');
  });
});
