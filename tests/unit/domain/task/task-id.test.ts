import { expect } from 'chai';
import { DomainValidationError, TaskId } from '../../../../src/domain/index.js';

describe('TaskId', () => {
  const uuid = '01935f0e-7b7c-7cc2-9f1e-2a0c8f4f8f11';

  it('parses a UUID, in lower case whatever case it came in', () => {
    expect(TaskId.from(uuid).value).to.equal(uuid);
    expect(TaskId.tryParse(uuid.toUpperCase())?.value).to.equal(uuid);
  });

  for (const raw of ['', 'abc', `${uuid}0`, ` ${uuid}`, uuid.replaceAll('-', ''), '01935f0e-7b7c-7cc2-9f1e-2a0c8f4f8fzz', '1 OR 1=1']) {
    it(`treats ${JSON.stringify(raw)} as no id at all`, () => {
      expect(TaskId.tryParse(raw)).to.equal(null);
      expect(() => TaskId.from(raw))
        .to.throw(DomainValidationError)
        .with.property('issues')
        .that.deep.equals([{ path: 'id', message: 'Task id must be a UUID' }]);
    });
  }

  it('is equal to the same id in another case', () => {
    expect(TaskId.from(uuid).equals(TaskId.from(uuid.toUpperCase()))).to.equal(true);
    expect(TaskId.from(uuid).equals(TaskId.from('01935f0e-7b7c-7cc2-9f1e-2a0c8f4f8f12'))).to.equal(false);
    expect(String(TaskId.from(uuid))).to.equal(uuid);
  });
});
