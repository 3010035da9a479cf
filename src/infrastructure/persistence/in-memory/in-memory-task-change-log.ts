import type { LoggedTaskChange, TaskChangeLog, TaskChangeLogPosition } from '../../../application/ports/task-change-log.js';
import { toLoggedEvent } from '../../../application/task-view.js';
import type { TaskEvent } from '../../../domain/index.js';

/** Anything that keeps each owner's events numbered from 1 in the order they were written, as `InMemoryTaskStore` does. */
export interface TaskEventSource {
  events(ownerId: string): readonly { readonly seq: number; readonly event: TaskEvent }[];
  positionOf(ownerId: string): TaskChangeLogPosition;
}

/** `TaskChangeLog` over an in-process event log (an `InMemoryTaskStore`), for tests and tools without a database. */
export class InMemoryTaskChangeLog implements TaskChangeLog {
  constructor(private readonly source: TaskEventSource) {}

  async readAfter(ownerId: string, afterSeq: number, limit: number): Promise<LoggedTaskChange[]> {
    return this.source
      .events(ownerId)
      .filter((entry) => entry.seq > afterSeq)
      .slice(0, limit)
      .map(({ seq, event }) => ({ seq, ...toLoggedEvent(event) }));
  }

  async position(ownerId: string): Promise<TaskChangeLogPosition> {
    return this.source.positionOf(ownerId);
  }
}
