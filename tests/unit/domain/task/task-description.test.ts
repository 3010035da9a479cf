import { expect } from 'chai';
import { DomainValidationError, TaskDescription } from '../../../../src/domain/index.js';

describe('TaskDescription', () => {
  it('keeps the text as given, white space included', () => {
    expect(TaskDescription.from('  two litres\n').value).to.equal('  two litres\n');
    expect(TaskDescription.from('').value).to.equal('');
  });

  it('accepts 1000 characters and refuses 1001', () => {
    expect(TaskDescription.from('x'.repeat(1000)).value).to.have.length(1000);
    expect(() => TaskDescription.from('x'.repeat(1001)))
      .to.throw(DomainValidationError)
      .with.property('issues')
      .that.deep.equals([{ path: 'description', message: 'Description must be at most 1000 characters' }]);
  });

  it('counts an emoji as one character', () => {
    expect(TaskDescription.from('🥛'.repeat(1000)).value).to.equal('🥛'.repeat(1000));
    expect(() => TaskDescription.from('🥛'.repeat(1001))).to.throw(DomainValidationError);
  });

  it('keeps an absent description absent', () => {
    expect(TaskDescription.fromNullable(null)).to.equal(null);
    expect(TaskDescription.fromNullable('Semi-skimmed')?.value).to.equal('Semi-skimmed');
  });

  it('compares descriptions, absent ones included', () => {
    expect(TaskDescription.equal(null, null)).to.equal(true);
    expect(TaskDescription.equal(TaskDescription.from('a'), TaskDescription.from('a'))).to.equal(true);
    expect(TaskDescription.equal(TaskDescription.from('a'), TaskDescription.from('b'))).to.equal(false);
    expect(TaskDescription.equal(null, TaskDescription.from(''))).to.equal(false);
    expect(TaskDescription.equal(TaskDescription.from(''), null)).to.equal(false);
  });
});
