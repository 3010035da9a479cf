import { AssertionError, expect } from 'chai';
import { DomainValidationError, TaskTitle } from '../../../../src/domain/index.js';

function rejection(raw: string): DomainValidationError {
  try {
    TaskTitle.from(raw);
  } catch (error) {
    expect(error).to.be.instanceOf(DomainValidationError);
    return error as DomainValidationError;
  }
  throw new AssertionError(`expected ${JSON.stringify(raw)} to be refused`);
}

describe('TaskTitle', () => {
  it('trims surrounding white space', () => {
    expect(TaskTitle.from('  \t Buy milk \n').value).to.equal('Buy milk');
  });

  it('keeps white space inside the title', () => {
    expect(TaskTitle.from('Buy  oat\tmilk').value).to.equal('Buy  oat\tmilk');
  });

  it('accepts 1 and 200 characters', () => {
    expect(TaskTitle.from('x').value).to.equal('x');
    expect(TaskTitle.from('x'.repeat(200)).value).to.have.length(200);
  });

  it('counts only what is left after trimming', () => {
    expect(TaskTitle.from(`   ${'x'.repeat(200)}   `).value).to.equal('x'.repeat(200));
  });

  it('refuses 201 characters', () => {
    expect(rejection('x'.repeat(201)).issues).to.deep.equal([
      { path: 'title', message: 'Title must be at most 200 characters' },
    ]);
  });

  it('counts an emoji as one character, not as its two UTF-16 units', () => {
    expect(TaskTitle.from('😀'.repeat(200)).value).to.equal('😀'.repeat(200));
    expect(rejection('😀'.repeat(201)).issues[0]?.path).to.equal('title');
  });

  for (const [name, raw] of [
    ['empty', ''],
    ['spaces', '   '],
    ['tabs and newlines', '\t\n\r '],
    ['no-break and ideographic spaces', '\u00a0\u3000'],
  ]) {
    it(`refuses a title that is only white space (${name})`, () => {
      expect(rejection(raw!).issues).to.deep.equal([{ path: 'title', message: 'Title must not be empty' }]);
    });
  }

  it('is equal to another title with the same text', () => {
    expect(TaskTitle.from(' Buy milk ').equals(TaskTitle.from('Buy milk'))).to.equal(true);
    expect(TaskTitle.from('Buy milk').equals(TaskTitle.from('buy milk'))).to.equal(false);
  });
});
