import { expect } from 'chai';
import { CreateTaskCommand } from '../../../../src/application/commands/create-task.js';
import { GetTaskQuery } from '../../../../src/application/queries/get-task.js';
import { DomainValidationError, TaskNotFoundError } from '../../../../src/domain/index.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { createInMemoryApplication, type InMemoryApplication } from '../../../support/in-memory-application.js';
import { ALICE, TaskMother } from '../../../support/task-mother.js';

describe('GetTaskHandler', () => {
  let app: InMemoryApplication;

  beforeEach(() => {
    app = createInMemoryApplication();
  });

  it('answers the owner’s task, whatever the case of its id', async () => {
    const created = await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Buy milk', 'Semi-skimmed'));

    expect(await app.queries.execute(new GetTaskQuery(ALICE.value, created.id))).to.deep.equal(created);
    expect(await app.queries.execute(new GetTaskQuery(ALICE.value, created.id.toUpperCase()))).to.deep.equal(created);
  });

  for (const [name, taskId] of [
    ['an unknown id', TaskMother.id().value],
    ['a malformed id', 'not-a-uuid'],
    ['an empty id', ''],
    ['an id with SQL in it', "' OR '1'='1"],
  ]) {
    it(`does not find ${name}`, async () => {
      await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Buy milk'));

      const error = await expectRejection(app.queries.execute(new GetTaskQuery(ALICE.value, taskId!)), TaskNotFoundError);

      expect(error).to.include({ code: 'task_not_found', message: 'Task not found' });
    });
  }

  it('refuses an invalid user id', async () => {
    await expectRejection(app.queries.execute(new GetTaskQuery('', TaskMother.id().value)), DomainValidationError);
  });
});
