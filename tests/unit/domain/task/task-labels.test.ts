import { expect } from 'chai';
import {
  DomainValidationError,
  LABEL_NAME_MAX_LENGTH,
  LabelLimitReachedError,
  LabelName,
  MAX_LABELS_PER_TASK,
  TaskLabels,
} from '../../../../src/domain/index.js';

const issuesOf = (act: () => unknown): { path: string; message: string }[] => {
  try {
    act();
  } catch (error) {
    expect(error).to.be.instanceOf(DomainValidationError);
    return [...(error as DomainValidationError).issues];
  }
  return expect.fail('expected a validation error');
};

describe('LabelName', () => {
  it('keeps the name trimmed, and is keyed by its lower case', () => {
    const name = LabelName.from('  Deep Work ');

    expect(name.value).to.equal('Deep Work');
    expect(name.key).to.equal('deep work');
    expect(name.sameLabelAs(LabelName.from('DEEP WORK'))).to.equal(true);
    expect(name.equals(LabelName.from('DEEP WORK'))).to.equal(false);
  });

  it(`takes up to ${LABEL_NAME_MAX_LENGTH} characters, counting each emoji as one`, () => {
    expect(LabelName.from('🙂'.repeat(LABEL_NAME_MAX_LENGTH)).value).to.equal('🙂'.repeat(LABEL_NAME_MAX_LENGTH));
  });

  for (const [what, raw] of [
    ['empty', ''],
    ['white space alone', '  \t '],
    ['too long', 'a'.repeat(LABEL_NAME_MAX_LENGTH + 1)],
    ['on two lines', 'a\nb'],
    ['holding a tab', 'a\tb'],
    ['holding a NUL', 'a\u0000'],
  ] as const) {
    it(`refuses a name that is ${what}, naming the field`, () => {
      expect(issuesOf(() => LabelName.from(raw)).map((issue) => issue.path)).to.deep.equal(['name']);
    });
  }
});

describe('TaskLabels', () => {
  it('keeps the labels in the order given, each label once in the spelling that came first', () => {
    const labels = TaskLabels.from([' Work', 'home', 'WORK', 'Home ', 'errands']);

    expect(labels.values).to.deep.equal(['Work', 'home', 'errands']);
    expect(labels.keys).to.deep.equal(['work', 'home', 'errands']);
    expect(labels.has('work')).to.equal(true);
    expect(labels.has('Work')).to.equal(false);
  });

  it('reports every bad label at once, each under its index', () => {
    const issues = issuesOf(() => TaskLabels.from(['ok', '', 'x'.repeat(51)]));

    expect(issues.map((issue) => issue.path)).to.deep.equal(['labels[1]', 'labels[2]']);
  });

  it(`takes ${MAX_LABELS_PER_TASK} labels, counting one label in two cases once, and refuses one more with a limit error`, () => {
    const names = Array.from({ length: MAX_LABELS_PER_TASK }, (_, index) => `label ${index}`);

    expect(TaskLabels.from([...names, 'LABEL 0']).size).to.equal(MAX_LABELS_PER_TASK);
    expect(() => TaskLabels.from([...names, 'one more']))
      .to.throw(LabelLimitReachedError)
      .with.property('limit', MAX_LABELS_PER_TASK);
  });

  it('is equal to the same spellings in any order, and not to another spelling', () => {
    const labels = TaskLabels.from(['Work', 'home']);

    expect(labels.equals(TaskLabels.from(['home', 'Work']))).to.equal(true);
    expect(labels.equals(TaskLabels.from(['work', 'home']))).to.equal(false);
    expect(labels.equals(TaskLabels.from(['Work']))).to.equal(false);
  });

  it('renames a label in place, and merges it with one of the new name, kept once where the first of them was', () => {
    const labels = TaskLabels.from(['a', 'old', 'b', 'New']);

    expect(TaskLabels.from(['a', 'old', 'b']).renamed('old', LabelName.from('Fresh')).values).to.deep.equal(['a', 'Fresh', 'b']);
    expect(labels.renamed('old', LabelName.from('new')).values).to.deep.equal(['a', 'new', 'b']);
    expect(labels.renamed('missing', LabelName.from('x'))).to.equal(labels);
  });

  it('respells every task holding the new name in another case, even without the old label', () => {
    expect(TaskLabels.from(['new']).renamed('old', LabelName.from('New')).values).to.deep.equal(['New']);
  });

  it('takes a label off whatever its spelling', () => {
    expect(TaskLabels.from(['a', 'Work', 'b']).without('work').values).to.deep.equal(['a', 'b']);
  });
});
