import type { UnitOfWork, UnitStores } from '../../../application/ports/unit-of-work.js';
import type { InMemoryTaskStore } from './in-memory-task-store.js';

/** Where an in-memory write that joins the unit of work in progress says how to undo it. */
export interface InMemoryRollbacks {
  /** While a run is under way, `undo` runs if that run fails; outside one, the write stands as made. */
  onRollback(undo: () => void): void;
}

/** One run's undo steps for writes outside the task store, latest last. */
interface Run {
  readonly undo: (() => void)[];
}

/**
 * `UnitOfWork` over an `InMemoryTaskStore`. Runs one piece of work at a time, in the order they were
 * started, so concurrent commands queue up as they would on row locks; a run that fails puts the store
 * back as it was before the run began, and undoes the writes other in-memory adapters made in it (an
 * idempotent request's answer, an erasure's forgotten keys), as a rolled-back transaction would.
 * Every run is handed the same stores (`stores`): the in-memory adapters themselves, since runs never overlap.
 * Readers outside a run may see a run's writes before it ends.
 */
export class InMemoryUnitOfWork implements UnitOfWork, InMemoryRollbacks {
  private queue: Promise<unknown> = Promise.resolve();
  private current: Run | null = null;

  constructor(
    private readonly store: InMemoryTaskStore,
    private readonly stores: () => UnitStores,
  ) {}

  run<T>(work: (stores: UnitStores) => Promise<T>): Promise<T> {
    const result = this.queue.then(() => this.runAtomically(work));
    this.queue = result.catch(() => undefined);
    return result;
  }

  onRollback(undo: () => void): void {
    this.current?.undo.push(undo);
  }

  private async runAtomically<T>(work: (stores: UnitStores) => Promise<T>): Promise<T> {
    const checkpoint = this.store.checkpoint();
    const run: Run = { undo: [] };
    this.current = run;
    try {
      return await work(this.stores());
    } catch (error) {
      for (const undo of run.undo.reverse()) undo();
      this.store.restore(checkpoint);
      throw error;
    } finally {
      this.current = null;
    }
  }
}
