import { expect } from 'chai';
import { LabelChangeTooLargeError } from '../../../../src/application/errors.js';
import {
  InboxNotDeletableError,
  LabelLimitReachedError,
  LabelNotFoundError,
  ListLimitReachedError,
  ListNameTakenError,
  ListNotFoundError,
  ListVersionMismatchError,
  TaskHierarchyError,
} from '../../../../src/domain/index.js';
import { toProblemResponse } from '../../../../src/interfaces/http/problem.js';

describe('toProblemResponse for lists', () => {
  it('answers a missing or foreign list with 404, the same for both', () => {
    expect(toProblemResponse(new ListNotFoundError())?.problem).to.include({ status: 404, detail: 'List not found' });
  });

  it('answers a stale If-Match with 412', () => {
    expect(toProblemResponse(new ListVersionMismatchError(1, 2))?.problem.status).to.equal(412);
  });

  it('answers a taken name and the inbox delete with 409, saying why', () => {
    expect(toProblemResponse(new ListNameTakenError('Work'))?.problem).to.include({ status: 409, detail: 'You already have a list named "Work"' });
    expect(toProblemResponse(new InboxNotDeletableError())?.problem).to.include({ status: 409, detail: 'The inbox cannot be deleted' });
  });

  it('answers the list limit with 409 and the limit, without Retry-After', () => {
    const response = toProblemResponse(new ListLimitReachedError(500));

    expect(response?.problem).to.include({ status: 409, limit: 500 });
    expect(response?.headers).to.deep.equal({});
  });
});

describe('toProblemResponse for labels', () => {
  it('answers a label the user does not have with 404', () => {
    expect(toProblemResponse(new LabelNotFoundError())?.problem).to.include({ status: 404, detail: 'Label not found' });
  });

  it('answers too many labels on a task, and a label change over too many tasks, with 409 naming the limit', () => {
    expect(toProblemResponse(new LabelLimitReachedError(20))?.problem).to.include({ status: 409, limit: 20 });
    expect(toProblemResponse(new LabelChangeTooLargeError(1000))?.problem).to.include({ status: 409, limit: 1000 });
  });
});

describe('toProblemResponse for subtasks', () => {
  it('answers a cycle and a fifth level with 422, naming parent_id', () => {
    for (const problem of ['cycle', 'too_deep'] as const) {
      const error = new TaskHierarchyError(problem);
      expect(toProblemResponse(error)?.problem).to.deep.include({
        status: 422,
        detail: error.message,
        errors: [{ path: 'parent_id', message: error.message }],
      });
    }
  });
});
