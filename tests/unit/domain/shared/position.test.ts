import { expect } from 'chai';
import { DomainValidationError, Position } from '../../../../src/domain/index.js';

describe('Position', () => {
  it('places a key between two neighbours, and at either end', () => {
    const first = Position.first();
    const second = Position.between(first, null);
    const middle = Position.between(first, second);
    const start = Position.between(null, first);
    const order = [second, middle, start, first].sort(Position.compare).map((p) => p.value);
    expect(order).to.deep.equal([start.value, first.value, middle.value, second.value]);
  });

  it('keeps finding a key in the same gap a hundred times, in byte order', () => {
    const low = Position.first();
    let high = Position.between(low, null);
    for (let i = 0; i < 100; i += 1) {
      const next = Position.between(low, high);
      expect(low.value < next.value && next.value < high.value).to.equal(true);
      high = next;
    }
  });

  it('makes different keys at the end for writers who read the same last key, each after it and valid', () => {
    const last = Position.between(Position.first(), null);
    const ends = ['0193a1b2-0000-7000-8000-000000000001', '0193a1b2-0000-7000-8000-000000000002', 'x'].map((id) =>
      Position.endAfter(last, id),
    );
    expect(new Set(ends.map((end) => end.value)).size).to.equal(3);
    for (const end of ends) {
      expect(end.value > last.value).to.equal(true);
      expect(Position.from(end.value).equals(end)).to.equal(true);
    }
    expect(Position.endAfter(last, 'x').equals(ends[2]!)).to.equal(true);
    expect(Position.endAfter(null, 'x').value > Position.first().value).to.equal(true);
    const next = Position.endAfter(ends[0]!, 'y');
    expect(next.value > ends[0]!.value && next.value.length <= ends[0]!.value.length).to.equal(true);
  });

  it('refuses neighbours out of order', () => {
    const a = Position.first();
    const b = Position.between(a, null);
    expect(() => Position.between(b, a)).to.throw(RangeError);
  });

  it('accepts stored keys and refuses what the scheme would not make', () => {
    const key = Position.between(Position.first(), null).value;
    expect(Position.from(key).value).to.equal(key);
    for (const bad of ['', 'x', 'a0 ', 'a'.repeat(201), 'a00']) {
      expect(() => Position.from(bad), JSON.stringify(bad)).to.throw(DomainValidationError);
    }
  });
});

describe('Position in a gap', () => {
  const key = (raw: string) => Position.from(raw);

  it('makes a key inside the gap, at either end too', () => {
    for (const gap of [
      { before: key('a0'), after: key('a1') },
      { before: null, after: key('a0') },
      { before: key('a0'), after: null },
      { before: null, after: null },
    ]) {
      expect(Position.within(gap).isWithin(gap), JSON.stringify(gap)).to.equal(true);
    }
  });

  it('makes different valid keys inside one gap for different items, the same for the same item', () => {
    for (const gap of [
      { before: key('a0'), after: key('a1') },
      { before: null, after: key('a0') },
      { before: key('a0'), after: null },
      { before: key('a0'), after: key('a0V') },
      // The plain key (`a1`) begins the upper end: digits after it must still sort below that end.
      { before: key('a0'), after: key('a1rvij') },
      { before: key('a0'), after: key('a10001') },
      { before: null, after: null },
    ]) {
      const keys = ['0193a1b2-0000-7000-8000-000000000001', '0193a1b2-0000-7000-8000-000000000002', 'x'].map((id) => Position.withinFor(gap, id));
      const label = JSON.stringify(gap);
      expect(new Set(keys.map((each) => each.value)).size, label).to.equal(3);
      for (const each of keys) {
        expect(each.isWithin(gap), label).to.equal(true);
        expect(Position.from(each.value).equals(each), label).to.equal(true);
      }
      expect(Position.withinFor(gap, 'x').equals(keys[2]!), label).to.equal(true);
    }
  });

  it('falls back to the plain key where the longer one would grow too long', () => {
    const gap = { before: key(`a0${'V'.repeat(196)}`), after: key(`a0${'V'.repeat(197)}`) };

    const plain = Position.within(gap);
    expect(plain.value.length + 4).to.be.greaterThan(200);
    expect(Position.withinFor(gap, 'x').equals(plain)).to.equal(true);
  });

  it('says a key is not within a gap it borders or lies outside of', () => {
    const gap = { before: key('a1'), after: key('a3') };

    expect(key('a2').isWithin(gap)).to.equal(true);
    for (const raw of ['a1', 'a3', 'a0', 'a4']) expect(key(raw).isWithin(gap), raw).to.equal(false);
  });
});
