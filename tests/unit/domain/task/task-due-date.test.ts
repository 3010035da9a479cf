import { AssertionError, expect } from 'chai';
import { DomainValidationError, DUE_DATE_MESSAGE, TaskDueDate } from '../../../../src/domain/index.js';

function rejection(raw: string): DomainValidationError {
  try {
    TaskDueDate.from(raw);
  } catch (error) {
    expect(error).to.be.instanceOf(DomainValidationError);
    return error as DomainValidationError;
  }
  throw new AssertionError(`expected ${JSON.stringify(raw)} to be refused`);
}

describe('TaskDueDate', () => {
  it('keeps a calendar date exactly as written', () => {
    expect(TaskDueDate.from('2026-11-25').value).to.equal('2026-11-25');
  });

  it('accepts the first and last days of the range, and February 29th of a leap year', () => {
    for (const raw of ['1900-01-01', '9999-12-31', '2024-02-29', '2000-02-29']) {
      expect(TaskDueDate.from(raw).value, raw).to.equal(raw);
    }
  });

  for (const [name, raw] of [
    ['the day before the range', '1899-12-31'],
    ['year 0', '0000-01-01'],
    ['a five-digit year', '10000-01-01'],
    ['February 29th of a common year', '2026-02-29'],
    ['February 29th of 1900, not a leap year', '1900-02-29'],
    ['February 30th', '2024-02-30'],
    ['month 13', '2026-13-01'],
    ['month 0', '2026-00-10'],
    ['day 0', '2026-01-00'],
    ['April 31st', '2026-04-31'],
    ['a date-time', '2026-11-25T10:00:00Z'],
    ['a date with a time zone', '2026-11-25+01:00'],
    ['one-digit month and day', '2026-1-5'],
    ['slashes', '2026/11/25'],
    ['day first', '25-11-2026'],
    ['surrounding white space', ' 2026-11-25 '],
    ['a word', 'tomorrow'],
    ['nothing', ''],
    ['non-ASCII digits', '２０２６-11-25'],
  ]) {
    it(`refuses ${name}, naming due_date`, () => {
      expect(rejection(raw!).issues).to.deep.equal([{ path: 'due_date', message: DUE_DATE_MESSAGE }]);
      expect(TaskDueDate.tryParse(raw!)).to.equal(null);
    });
  }

  it('keeps null as no due date', () => {
    expect(TaskDueDate.fromNullable(null)).to.equal(null);
    expect(TaskDueDate.fromNullable('2026-11-25')?.value).to.equal('2026-11-25');
  });

  it('is equal to the same day, and null only to null', () => {
    expect(TaskDueDate.equal(TaskDueDate.from('2026-11-25'), TaskDueDate.from('2026-11-25'))).to.equal(true);
    expect(TaskDueDate.equal(TaskDueDate.from('2026-11-25'), TaskDueDate.from('2026-11-26'))).to.equal(false);
    expect(TaskDueDate.equal(TaskDueDate.from('2026-11-25'), null)).to.equal(false);
    expect(TaskDueDate.equal(null, null)).to.equal(true);
  });
});
