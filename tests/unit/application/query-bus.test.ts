import { expect } from 'chai';
import { GetTaskQuery } from '../../../src/application/queries/get-task.js';
import { Query } from '../../../src/application/query-bus.js';
import { TaskNotFoundError } from '../../../src/domain/index.js';
import { expectRejection } from '../../support/expect-rejection.js';
import { createInMemoryApplication } from '../../support/in-memory-application.js';
import { ALICE, TaskMother } from '../../support/task-mother.js';

class UnhandledQuery extends Query<void> {}

describe('QueryBus', () => {
  it('routes a query to its handler', async () => {
    const { queries } = createInMemoryApplication();

    await expectRejection(queries.execute(new GetTaskQuery(ALICE.value, TaskMother.id().value)), TaskNotFoundError);
  });

  it('refuses a query no handler is registered for, as a rejected promise', async () => {
    const { queries } = createInMemoryApplication();

    const error = await expectRejection(queries.execute(new UnhandledQuery()), Error);
    expect(error.message).to.equal('No handler registered for UnhandledQuery');
  });
});
