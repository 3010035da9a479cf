import { expect } from 'chai';
import { InMemoryTaskStore } from '../../../../../src/infrastructure/persistence/in-memory/in-memory-task-store.js';
import { InMemoryUnitOfWork } from '../../../../../src/infrastructure/persistence/in-memory/in-memory-unit-of-work.js';
import { expectRejection } from '../../../../support/expect-rejection.js';
import { ALICE, TaskMother } from '../../../../support/task-mother.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('InMemoryUnitOfWork', () => {
  let store: InMemoryTaskStore;
  let unitOfWork: InMemoryUnitOfWork;

  function writeTask(title: string): string {
    const task = TaskMother.snapshot({ title });
    store.write(task.id, task, [{ type: 'task.created', taskId: task.id, ownerId: task.ownerId, occurredAt: task.createdAt, task }]);
    return task.id;
  }

  beforeEach(() => {
    store = new InMemoryTaskStore();
    unitOfWork = new InMemoryUnitOfWork(store);
  });

  it('answers what the work answers and keeps what it wrote', async () => {
    const id = await unitOfWork.run(async () => writeTask('Kept'));

    expect(store.task(id)).to.include({ title: 'Kept' });
    expect(store.events(ALICE.value)).to.have.length(1);
  });

  it('undoes everything a failing run wrote, and rethrows its error', async () => {
    const before = writeTask('Before');
    const failure = new Error('boom');

    const error = await expectRejection(
      unitOfWork.run(async () => {
        writeTask('Doomed');
        store.write(before, null, []);
        throw failure;
      }),
      Error,
    );

    expect(error).to.equal(failure);
    expect(store.tasksOf(ALICE.value).map((task) => task.title)).to.deep.equal(['Before']);
    expect(store.events(ALICE.value).map(({ seq }) => seq)).to.deep.equal([1]);
  });

  it('runs one piece of work at a time, in the order they were started', async () => {
    const steps: string[] = [];
    const firstMayFinish = deferred();

    const first = unitOfWork.run(async () => {
      steps.push('first started');
      await firstMayFinish.promise;
      steps.push('first finished');
    });
    const second = unitOfWork.run(async () => {
      steps.push('second started');
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(steps).to.deep.equal(['first started']);

    firstMayFinish.resolve();
    await Promise.all([first, second]);

    expect(steps).to.deep.equal(['first started', 'first finished', 'second started']);
  });

  it('goes on with the next run after one fails', async () => {
    const failed = unitOfWork.run(async () => {
      throw new Error('boom');
    });
    const next = unitOfWork.run(async () => 'next');

    await expectRejection(failed, Error);
    expect(await next).to.equal('next');
  });

  it('lets work started inside a run join it instead of waiting for it', async () => {
    const answer = await unitOfWork.run(() => unitOfWork.run(async () => 'inner'));

    expect(answer).to.equal('inner');
  });

  it('undoes the writes registered in a failing run, latest first, including those of runs it joined', async () => {
    const undone: string[] = [];

    await expectRejection(
      unitOfWork.run(async () => {
        unitOfWork.onRollback(() => undone.push('first'));
        await unitOfWork.run(async () => unitOfWork.onRollback(() => undone.push('joined')));
        unitOfWork.onRollback(() => undone.push('last'));
        throw new Error('boom');
      }),
      Error,
    );

    expect(undone).to.deep.equal(['last', 'joined', 'first']);
  });

  it('keeps the writes registered in a run that succeeds, and those made outside any run', async () => {
    const undone: string[] = [];
    unitOfWork.onRollback(() => undone.push('outside'));

    await unitOfWork.run(async () => unitOfWork.onRollback(() => undone.push('committed')));
    await expectRejection(
      unitOfWork.run(async () => {
        throw new Error('a later run fails');
      }),
      Error,
    );

    expect(undone).to.deep.equal([]);
  });
});
