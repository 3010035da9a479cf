import { toLoggedListEvent } from '../../../application/list-view.js';
import type { LoggedChange, TaskChangeLog, TaskChangeLogPosition } from '../../../application/ports/task-change-log.js';
import { toLoggedEvent } from '../../../application/task-view.js';
import type { ListEvent, TaskEvent } from '../../../domain/index.js';

/**
 * Anything that keeps each owner's events — their tasks' and their lists' — numbered from 1 in the order they
 * were written, as `InMemoryTaskStore` does.
 */
export interface TaskEventSource {
  changes(ownerId: string): readonly { readonly seq: number; readonly event: TaskEvent | ListEvent }[];
  positionOf(ownerId: string): TaskChangeLogPosition;
}

/** `TaskChangeLog` over an in-process event log (an `InMemoryTaskStore`), for tests and tools without a database. */
export class InMemoryTaskChangeLog implements TaskChangeLog {
  constructor(private readonly source: TaskEventSource) {}

  async readAfter(ownerId: string, afterSeq: number, limit: number): Promise<LoggedChange[]> {
    return this.source
      .changes(ownerId)
      .filter((entry) => entry.seq > afterSeq)
      .slice(0, limit)
      .map(({ seq, event }): LoggedChange => ('taskId' in event ? { seq, ...toLoggedEvent(event) } : { seq, ...toLoggedListEvent(event) }));
  }

  async position(ownerId: string): Promise<TaskChangeLogPosition> {
    return this.source.positionOf(ownerId);
  }
}
