import { expect } from 'chai';
import { TaskChangeCursor } from '../../../../src/application/changes/task-change.js';
import { InvalidQueryError } from '../../../../src/application/errors.js';

describe('TaskChangeCursor', () => {
  it('round-trips every position, and sorts as strings in log order', () => {
    const positions = [0, 1, 9, 10, 99, 100, 123_456_789, Number.MAX_SAFE_INTEGER];
    const cursors = positions.map((seq) => TaskChangeCursor.encode(seq));
    expect(cursors.map((cursor) => TaskChangeCursor.decode(cursor))).to.deep.equal(positions);
    expect([...cursors].reverse().sort()).to.deep.equal(cursors);
    expect(TaskChangeCursor.START).to.equal(TaskChangeCursor.encode(0));
  });

  it('refuses anything it did not issue, naming the input', () => {
    for (const bad of ['', '1', '-000000000000001', '000000000000000a', ' 0000000000000001', '00000000000000001', '9999999999999999']) {
      expect(() => TaskChangeCursor.decode(bad, 'Last-Event-ID'), JSON.stringify(bad)).to.throw(InvalidQueryError, 'Invalid Last-Event-ID');
    }
  });
});
