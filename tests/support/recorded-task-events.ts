import { randomUUID } from 'node:crypto';
import { UserId, type TaskEvent, type TaskEventType } from '../../src/domain/index.js';
import { TaskMother } from './task-mother.js';
import type { TaskEventSource } from '../../src/infrastructure/persistence/in-memory/in-memory-task-change-log.js';

/** A hand-fed event log for unit tests of change readers: each owner's events numbered from 1. */
export class RecordedTaskEvents implements TaskEventSource {
  private log: { seq: number; event: TaskEvent }[] = [];
  private readonly lastSeqs = new Map<string, number>();
  private readonly compactedThrough = new Map<string, number>();

  changes(ownerId: string): { seq: number; event: TaskEvent }[] {
    return this.log.filter((entry) => entry.event.ownerId === ownerId);
  }

  positionOf(ownerId: string): { lastSeq: number; erasedThrough: number; compactedThrough: number } {
    return { lastSeq: this.lastSeqs.get(ownerId) ?? 0, erasedThrough: 0, compactedThrough: this.compactedThrough.get(ownerId) ?? 0 };
  }

  /** Removes the owner's events up to `seq`, as a compaction does (without carrying anything forward). */
  compactThrough(ownerId: string, seq: number): void {
    this.log = this.log.filter((entry) => entry.event.ownerId !== ownerId || entry.seq > seq);
    this.compactedThrough.set(ownerId, seq);
  }

  /** Appends one event for `ownerId` and returns its seq. */
  record(ownerId: string, type: TaskEventType = 'task.created', title = 'A task', taskId: string = randomUUID()): number {
    const seq = (this.lastSeqs.get(ownerId) ?? 0) + 1;
    this.lastSeqs.set(ownerId, seq);
    const at = new Date(Date.UTC(2026, 10, 25, 10, 0, seq));
    const task =
      type === 'task.deleted'
        ? null
        : {
            id: taskId,
            ownerId,
            title,
            description: null,
            dueDate: null,
            priority: 'none' as const,
            completed: type === 'task.completed',
            completedAt: type === 'task.completed' ? at : null,
            listId: TaskMother.listOf(UserId.from(ownerId)).value,
            parentId: null,
            position: 'a0',
            labels: [],
            repeat: null,
            repeatFrom: 'due' as const,
            createdAt: at,
            updatedAt: at,
            version: 1,
          };
    this.log.push({ seq, event: { type, taskId, ownerId, occurredAt: at, task } });
    return seq;
  }
}
