import { expect } from 'chai';
import { randomFillSync } from 'node:crypto';
import { UuidV7IdGenerator } from '../../../../src/infrastructure/system/uuid-v7-id-generator.js';

describe('UuidV7IdGenerator', () => {
  const ids = new UuidV7IdGenerator();

  it('generates lower-case version 7 UUIDs', () => {
    expect(ids.newTaskId().value).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('generates distinct ids that sort in the order they were made', () => {
    const generated = Array.from({ length: 1000 }, () => ids.newTaskId().value);

    expect(new Set(generated).size).to.equal(generated.length);
    expect(generated).to.deep.equal([...generated].sort());
  });
});

describe('UuidV7IdGenerator, its clock and random bytes', () => {
  it('keeps ids in the order they were made when the clock stands still or steps back', () => {
    const clock = [1_000, 1_000, 1_000, 999, 998, 1_000, 1_001, 1_001];
    let tick = 0;
    const ids = new UuidV7IdGenerator(() => clock[tick++]!);
    const generated = clock.map(() => ids.newTaskId().value);

    expect(new Set(generated).size).to.equal(generated.length);
    expect(generated).to.deep.equal([...generated].sort());
    // The first six carry the millisecond 1000 (0x3e8), the clock's steps back included; the last two 1001.
    expect(generated.slice(0, 6).every((id) => id.startsWith('00000000-03e8-7'))).to.equal(true);
    expect(generated.slice(6).every((id) => id.startsWith('00000000-03e9-7'))).to.equal(true);
  });

  it('asks the system for random bytes once per 256 ids', () => {
    let fills = 0;
    const ids = new UuidV7IdGenerator(Date.now, (bytes) => {
      fills++;
      randomFillSync(bytes);
    });
    for (let n = 0; n < 1000; n++) ids.newListId();

    expect(fills).to.equal(4);
  });

  it('gives every id random bytes of its own', () => {
    const ids = new UuidV7IdGenerator(() => 1_000);
    const randomTails = Array.from({ length: 1000 }, () => ids.newTaskId().value.slice(-12));

    expect(new Set(randomTails).size).to.equal(randomTails.length);
  });
});
