import { expect } from 'chai';
import { InvalidQueryError } from '../../../../src/application/errors.js';
import { ListTasksQuery, type ListTasksParams as HandlerParams } from '../../../../src/application/queries/list-tasks.js';
import { ListTasksParams } from '../../../../src/interfaces/http/task-schemas.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { createInMemoryApplication } from '../../../support/in-memory-application.js';
import { ALICE } from '../../../support/task-mother.js';

describe('HTTP listing parameters', () => {
  // Each bad query string, as HTTP receives it and as the handler would be given it.
  const cases: [string, Record<string, string>, HandlerParams][] = [
    ['status', { status: 'done' }, { status: 'done' }],
    ['sort', { sort: 'size' }, { sort: 'size' }],
    ['order', { order: 'up' }, { order: 'up' }],
    ['q', { q: 'x'.repeat(201) }, { q: 'x'.repeat(201) }],
    ['priority', { priority: 'urgent' }, { priority: 'urgent' }],
    ['due_before', { due_before: '2026-02-30' }, { due_before: '2026-02-30' }],
    ['due_after', { due_after: 'tomorrow' }, { due_after: 'tomorrow' }],
    ['tz', { tz: 'Mars/Olympus_Mons' }, { tz: 'Mars/Olympus_Mons' }],
    ['limit', { limit: '501' }, { limit: 501 }],
    ['cursor', { cursor: 'x'.repeat(2049) }, { cursor: 'x'.repeat(2049) }],
  ];

  for (const [parameter, query, params] of cases) {
    it(`refuses a bad ${parameter} in the words of the listing's own rule`, async () => {
      const parsed = ListTasksParams.safeParse(query);
      expect(parsed.success).to.equal(false);
      const error = await expectRejection(createInMemoryApplication().queries.execute(new ListTasksQuery(ALICE.value, params)), InvalidQueryError);
      expect(parsed.error!.issues.map((issue) => issue.message)).to.deep.equal([error.message]);
    });
  }
});
