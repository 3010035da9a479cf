import { expect } from 'chai';
import { DomainValidationError, UserId } from '../../../../src/domain/index.js';

describe('UserId', () => {
  it('accepts 1 to 255 characters as they are', () => {
    expect(UserId.from('k3J9').value).to.equal('k3J9');
    expect(UserId.from(' spaced ').value).to.equal(' spaced ');
    expect(UserId.from('x'.repeat(255)).value).to.have.length(255);
  });

  for (const [name, raw] of [
    ['empty', ''],
    ['256 characters', 'x'.repeat(256)],
    ['a NUL', 'user\u0000'],
    ['a newline', 'user\nadmin'],
    ['DEL', 'user\u007f'],
    ['a C1 control', 'user\u0085'],
  ]) {
    it(`refuses ${name}`, () => {
      expect(() => UserId.from(raw!))
        .to.throw(DomainValidationError)
        .with.property('issues')
        .that.deep.equals([{ path: 'user_id', message: 'User id must be 1-255 characters without control characters' }]);
    });
  }

  it('is equal only to the very same id', () => {
    expect(UserId.from('alice').equals(UserId.from('alice'))).to.equal(true);
    expect(UserId.from('alice').equals(UserId.from('Alice'))).to.equal(false);
    expect(String(UserId.from('alice'))).to.equal('alice');
  });
});
