/**
 * What only the in-memory unit of work does: it runs one piece of work at a time, and undoes the writes other
 * in-memory adapters register with it. What every unit of work does is the `UnitOfWork` contract's.
 */
import { expect } from 'chai';
import type { InMemoryUnitOfWork } from '../../../../../src/infrastructure/persistence/in-memory/in-memory-unit-of-work.js';
import { expectRejection } from '../../../../support/expect-rejection.js';
import { createInMemoryAdapters } from '../../../../support/in-memory-adapters.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('InMemoryUnitOfWork', () => {
  let unitOfWork: InMemoryUnitOfWork;

  beforeEach(() => {
    unitOfWork = createInMemoryAdapters().unitOfWork;
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

  it('undoes the writes registered in a failing run, latest first, and none of the run after it', async () => {
    const undone: string[] = [];

    const failing = unitOfWork.run(async () => {
      unitOfWork.onRollback(() => undone.push('first'));
      await new Promise((resolve) => setImmediate(resolve));
      unitOfWork.onRollback(() => undone.push('last'));
      throw new Error('boom');
    });
    const next = unitOfWork.run(async () => unitOfWork.onRollback(() => undone.push('next run')));
    await expectRejection(failing, Error);
    await next;

    expect(undone).to.deep.equal(['last', 'first']);
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
