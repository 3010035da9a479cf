import { AssertionError, expect } from 'chai';
import { DomainValidationError, TASK_PRIORITIES, TaskPriority } from '../../../../src/domain/index.js';

function rejection(raw: string): DomainValidationError {
  try {
    TaskPriority.from(raw);
  } catch (error) {
    expect(error).to.be.instanceOf(DomainValidationError);
    return error as DomainValidationError;
  }
  throw new AssertionError(`expected ${JSON.stringify(raw)} to be refused`);
}

describe('TaskPriority', () => {
  it('knows none, low, medium and high, in rising order of urgency', () => {
    expect(TASK_PRIORITIES).to.deep.equal(['none', 'low', 'medium', 'high']);
    expect(TASK_PRIORITIES.map((name) => TaskPriority.from(name).rank)).to.deep.equal([0, 1, 2, 3]);
  });

  it('is none by default', () => {
    expect(TaskPriority.NONE.value).to.equal('none');
  });

  it('goes to and from its rank', () => {
    for (const name of TASK_PRIORITIES) expect(TaskPriority.fromRank(TaskPriority.from(name).rank).value).to.equal(name);
    expect(() => TaskPriority.fromRank(4)).to.throw(RangeError);
    expect(() => TaskPriority.fromRank(-1)).to.throw(RangeError);
  });

  for (const raw of ['urgent', 'High', 'HIGH', ' high', 'high ', '', '3', 'normal']) {
    it(`refuses ${JSON.stringify(raw)}, listing the priorities there are`, () => {
      expect(rejection(raw).issues).to.deep.equal([{ path: 'priority', message: 'Priority must be one of none, low, medium, high' }]);
      expect(TaskPriority.tryParse(raw)).to.equal(null);
    });
  }

  it('is equal to the same priority only', () => {
    expect(TaskPriority.from('high').equals(TaskPriority.from('high'))).to.equal(true);
    expect(TaskPriority.from('high').equals(TaskPriority.from('low'))).to.equal(false);
  });
});
