import { inject, injectable } from 'inversify';
import type { Clock } from '../ports/clock.js';
import type { TaskChangeLogCompaction } from '../ports/task-change-log-compaction.js';
import { TOKENS } from '../tokens.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const OWNERS_PER_PAGE = 100;
/** Changes one step takes up: a step holds up the owner's writers only this long (tens of milliseconds). */
const CHANGES_PER_STEP = 10_000;
const BUSY_RETRIES = 3;
const BUSY_PAUSE_MS = 50;

export interface ChangeLogCompactionOptions {
  /** Changes older than this are compacted (CHANGE_RETENTION_DAYS). */
  readonly retentionDays: number;
  /** Only work out what would be removed and carried. */
  readonly dryRun?: boolean;
  /** Changes per step; the default suits production, tests make steps small. */
  readonly changesPerStep?: number;
  /** Stops the run between two steps (e.g. when the service shuts down). */
  readonly signal?: AbortSignal;
}

export interface ChangeLogCompactionReport {
  /** Everything older than this was compacted (or would be, in a dry run). */
  before: string;
  /** Users whose log was compacted. */
  users: number;
  /** Changes removed for good. */
  removed: number;
  /** Changes carried to the end of their log, as the last word on a task or a list still there. */
  carried: number;
  /** Users skipped because their log was being written to at every try; the next run takes them. */
  busy: number;
}

/**
 * Keeps every user's change log from growing without bound: their changes older than the retention period
 * are removed a step at a time, and what those changes last said about each task and list still there is carried
 * to the end of the log first — so the log read from the start still rebuilds the user's tasks and lists, while a cursor
 * into the removed part is refused (HTTP 410: sync again). Only users whose log is at least half made of
 * changes that no longer matter are taken up, so a quiet user's log is never rewritten for nothing.
 *
 * Each step commits on its own: a run that stops half-way leaves every log whole, only less compacted.
 * The HTTP service runs this now and then; `tasks-admin compact` runs it on demand.
 */
@injectable()
export class ChangeLogCompaction {
  constructor(
    @inject(TOKENS.TaskChangeLogCompaction) private readonly compaction: TaskChangeLogCompaction,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async run(options: ChangeLogCompactionOptions): Promise<ChangeLogCompactionReport> {
    const before = new Date(this.clock.now().getTime() - options.retentionDays * DAY_MS);
    const dryRun = options.dryRun ?? false;
    // A dry run changes nothing, so it must take each user's whole old part in one step to see all of it.
    const maxChanges = dryRun ? Number.MAX_SAFE_INTEGER : (options.changesPerStep ?? CHANGES_PER_STEP);
    const report: ChangeLogCompactionReport = { before: before.toISOString(), users: 0, removed: 0, carried: 0, busy: 0 };
    for (let afterOwner = ''; ; ) {
      const candidates = await this.compaction.candidates(before, afterOwner, OWNERS_PER_PAGE);
      for (const { ownerId, lastSeq } of candidates) {
        let compacted = false;
        for (let busyTries = 0; !options.signal?.aborted; ) {
          // `until`: changes carried forward by this run land after it, and are not taken up again.
          const step = await this.compaction.compact(ownerId, before, { until: lastSeq, maxChanges, dryRun });
          if (step.busy) {
            if (++busyTries > BUSY_RETRIES) {
              report.busy += 1;
              break;
            }
            await new Promise((resolve) => setTimeout(resolve, BUSY_PAUSE_MS));
            continue;
          }
          compacted ||= step.processed > 0;
          report.removed += step.removed;
          report.carried += step.carried;
          if (step.processed < maxChanges) break;
        }
        if (compacted) report.users += 1;
      }
      if (candidates.length < OWNERS_PER_PAGE || options.signal?.aborted) return report;
      afterOwner = candidates.at(-1)!.ownerId;
    }
  }
}
