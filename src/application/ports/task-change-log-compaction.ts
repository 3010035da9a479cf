/** An owner whose change log compaction may shrink, and where their log ended when they were found. */
export interface CompactionCandidate {
  readonly ownerId: string;
  readonly lastSeq: number;
}

export interface CompactionStep {
  /** Nothing was done: the owner's log was being written to (try again later), or the owner never had one. */
  readonly busy: boolean;
  /** How many old changes this step took up (removed or carried): fewer than asked for means none are left. */
  readonly processed: number;
  /** Changes removed for good. */
  readonly removed: number;
  /** Changes carried to the end of the log: the last word on a task or a list still there, from the removed part. */
  readonly carried: number;
}

export interface CompactionStepOptions {
  /** Take up no change after this position (where the log ended when the owner was found). */
  readonly until: number;
  /** Take up at most this many changes: one step stays short, and so do the waits of the owner's writers. */
  readonly maxChanges: number;
  /** Work out what the step would do, and change nothing. */
  readonly dryRun: boolean;
}

/**
 * Keeps change logs from growing without bound. Compacting an owner's log takes up its oldest changes —
 * those that occurred before a cutoff, from the start of the log — removes them, and marks the log compacted
 * up to there (cursors at or below it are no longer resumable). First, for each task and each list whose latest
 * change is among them and which still exists, that change is appended again at the end of the log: the log
 * read from its start still rebuilds exactly the owner's tasks and lists. A deleted task's or list's changes
 * simply go.
 */
export interface TaskChangeLogCompaction {
  /**
   * Owners after `afterOwner` (in id order, at most `limit`) whose log starts with a change older than
   * `before` and holds at least as many changes that no longer matter as changes that do (one per task and
   * one per list):
   * compacting anyone else would shrink little and mostly rewrite what it keeps.
   */
  candidates(before: Date, afterOwner: string, limit: number): Promise<CompactionCandidate[]>;

  /** One step of compacting the owner's changes older than `before`; each step commits on its own. */
  compact(ownerId: string, before: Date, options: CompactionStepOptions): Promise<CompactionStep>;
}
