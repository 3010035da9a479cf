import { AsyncLocalStorage } from 'node:async_hooks';
import type { UnitOfWork } from '../../../application/ports/unit-of-work.js';
import type { InMemoryTaskStore } from './in-memory-task-store.js';

/**
 * `UnitOfWork` over an `InMemoryTaskStore`. Runs one piece of work at a time, in the order they were
 * started, so concurrent commands queue up as they would on row locks; a run that fails puts the store
 * back as it was before the run began. Readers outside a run may see a run's writes before it ends.
 */
export class InMemoryUnitOfWork implements UnitOfWork {
  private queue: Promise<unknown> = Promise.resolve();
  // Work started from inside a run joins that run instead of waiting behind it forever.
  private readonly insideRun = new AsyncLocalStorage<true>();

  constructor(private readonly store: InMemoryTaskStore) {}

  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.insideRun.getStore()) return work();
    const result = this.queue.then(() => this.insideRun.run(true, () => this.runAtomically(work)));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async runAtomically<T>(work: () => Promise<T>): Promise<T> {
    const checkpoint = this.store.checkpoint();
    try {
      return await work();
    } catch (error) {
      this.store.restore(checkpoint);
      throw error;
    }
  }
}
