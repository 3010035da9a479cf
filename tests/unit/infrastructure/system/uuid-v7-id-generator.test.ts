import { expect } from 'chai';
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
