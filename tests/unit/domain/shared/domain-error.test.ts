import { expect } from 'chai';
import { DomainValidationError, TaskDescription, TaskTitle, UserId } from '../../../../src/domain/index.js';

describe('DomainValidationError', () => {
  it('carries a stable code and names each issue in its message', () => {
    const error = new DomainValidationError([
      { path: 'title', message: 'Title must not be empty' },
      { path: 'description', message: 'too long' },
    ]);

    expect(error.code).to.equal('validation_failed');
    expect(error.name).to.equal('DomainValidationError');
    expect(error.message).to.equal('title: Title must not be empty; description: too long');
  });

  describe('collect', () => {
    it('answers every parsed value when all are valid', () => {
      const fields = DomainValidationError.collect({
        owner: () => UserId.from('alice'),
        title: () => TaskTitle.from(' Buy milk '),
        description: () => TaskDescription.fromNullable(null),
      });

      expect(fields.owner.value).to.equal('alice');
      expect(fields.title.value).to.equal('Buy milk');
      expect(fields.description).to.equal(null);
    });

    it('reports every bad field at once, not just the first', () => {
      let caught: unknown;
      try {
        DomainValidationError.collect({
          owner: () => UserId.from(''),
          title: () => TaskTitle.from('  '),
          fine: () => 'ok',
          description: () => TaskDescription.from('x'.repeat(1001)),
        });
      } catch (error) {
        caught = error;
      }

      expect(caught).to.be.instanceOf(DomainValidationError);
      expect((caught as DomainValidationError).issues.map((issue) => issue.path)).to.deep.equal([
        'user_id',
        'title',
        'description',
      ]);
    });

    it('lets errors other than validation failures through untouched', () => {
      const bug = new TypeError('bug');

      expect(() =>
        DomainValidationError.collect({
          title: () => TaskTitle.from(''),
          broken: () => {
            throw bug;
          },
        }),
      ).to.throw(bug);
    });
  });
});
