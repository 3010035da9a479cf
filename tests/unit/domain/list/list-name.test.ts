import { expect } from 'chai';
import { DomainValidationError, LIST_NAME_MAX_LENGTH, ListName } from '../../../../src/domain/index.js';

describe('ListName', () => {
  it('keeps the name without surrounding white space', () => {
    expect(ListName.from('  Work  ').value).to.equal('Work');
  });

  it(`takes up to ${LIST_NAME_MAX_LENGTH} characters, counting each emoji as one`, () => {
    expect(ListName.from('a'.repeat(LIST_NAME_MAX_LENGTH)).value).to.have.length(LIST_NAME_MAX_LENGTH);
    expect(ListName.from('🙂'.repeat(LIST_NAME_MAX_LENGTH)).value).to.equal('🙂'.repeat(LIST_NAME_MAX_LENGTH));
  });

  for (const [label, raw] of [
    ['empty', ''],
    ['white space alone', '   '],
    ['too long', 'a'.repeat(LIST_NAME_MAX_LENGTH + 1)],
    ['several lines', 'Work\nHome'],
    ['a NUL character', 'Work\u0000'],
  ] as const) {
    it(`refuses a name that is ${label}, naming the field`, () => {
      expect(() => ListName.from(raw))
        .to.throw(DomainValidationError)
        .with.property('issues')
        .that.satisfies((issues: { path: string }[]) => issues.every((issue) => issue.path === 'name'));
    });
  }

  it('is the same name in another case for uniqueness, but not equal', () => {
    const work = ListName.from('Work');

    expect(work.sameNameAs(ListName.from('WORK'))).to.equal(true);
    expect(work.sameNameAs(ListName.from('Home'))).to.equal(false);
    expect(work.equals(ListName.from('WORK'))).to.equal(false);
  });
});
