import { expect } from 'chai';
import { DomainValidationError, ListId } from '../../../../src/domain/index.js';

describe('ListId', () => {
  it('takes a UUID and keeps it in lower case', () => {
    expect(ListId.from('0193A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B').value).to.equal('0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b');
  });

  it('refuses anything else, and tryParse answers null for it', () => {
    expect(() => ListId.from('inbox')).to.throw(DomainValidationError);
    expect(ListId.tryParse('inbox')).to.equal(null);
  });
});
