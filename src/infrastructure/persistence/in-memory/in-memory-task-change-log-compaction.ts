import type {
  CompactionCandidate,
  CompactionStep,
  CompactionStepOptions,
  TaskChangeLogCompaction,
} from '../../../application/ports/task-change-log-compaction.js';
import type { InMemoryTaskStore } from './in-memory-task-store.js';

/** `TaskChangeLogCompaction` over an `InMemoryTaskStore`, for tests and tools without a database. */
export class InMemoryTaskChangeLogCompaction implements TaskChangeLogCompaction {
  constructor(private readonly store: InMemoryTaskStore) {}

  async candidates(before: Date, afterOwner: string, limit: number): Promise<CompactionCandidate[]> {
    return this.store.compactionCandidates(before, afterOwner, limit);
  }

  async compact(ownerId: string, before: Date, options: CompactionStepOptions): Promise<CompactionStep> {
    return this.store.compactOwner(ownerId, before, options);
  }
}
