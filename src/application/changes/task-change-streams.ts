import { inject, injectable } from 'inversify';
import { UserId } from '../../domain/index.js';
import type { TaskChangeLog } from '../ports/task-change-log.js';
import type { TaskChangeSignals } from '../ports/task-change-signals.js';
import { TOKENS } from '../tokens.js';
import { assertResumable, TaskChangeCursor, toTaskChange, type Change } from './task-change.js';

const PAGE_SIZE = 100;

/**
 * Why a stream cannot go on: the changes it sent were erased (a purge), or changes after the last one it
 * sent were compacted away before it could send them.
 */
export type TaskChangeStreamReset = 'erased' | 'compacted';

/** Where a stream's changes go. `write` resolves when the sink is ready for the next; throwing ends the stream. */
export interface TaskChangeSink {
  write(change: Change): void | Promise<void>;
  /**
   * The stream cannot go on from what it sent (see `TaskChangeStreamReset`): the client must drop what it
   * holds and sync again from the start. The stream ends right after.
   */
  reset?(reason: TaskChangeStreamReset): void | Promise<void>;
}

/**
 * Opens live streams of one user's changes. A stream never carries a signal's content: on each signal it
 * reads the change log (the source of truth) after the last change it sent, so the order is the log's and
 * nothing is sent twice or skipped, whatever signals are lost, repeated or reordered.
 */
@injectable()
export class TaskChangeStreams {
  constructor(
    @inject(TOKENS.TaskChangeLog) private readonly log: TaskChangeLog,
    @inject(TOKENS.TaskChangeSignals) private readonly signals: TaskChangeSignals,
  ) {}

  /**
   * A stream of the user's changes after `lastEventId` (a change id they were sent), or after the latest
   * change when it is absent. Refuses an id that is malformed or beyond the end of the user's log.
   */
  async open(userId: string, lastEventId?: string): Promise<TaskChangeStream> {
    const owner = UserId.from(userId).value;
    const resumeAfter = lastEventId === undefined ? null : TaskChangeCursor.decode(lastEventId, 'Last-Event-ID');
    let stream: TaskChangeStream | null = null;
    // Subscribe before looking at the log, so a change committing meanwhile is either in what we read or signalled.
    const unsubscribe = this.signals.subscribe(owner, (seq) => stream?.signal(seq));
    try {
      const position = await this.log.position(owner);
      if (resumeAfter !== null) assertResumable(resumeAfter, position, 'Last-Event-ID');
      stream = new TaskChangeStream(this.log, owner, resumeAfter ?? position.lastSeq, position.erasedThrough, unsubscribe);
      return stream;
    } catch (error) {
      unsubscribe();
      throw error;
    }
  }
}

/** One live stream: catches up from the log, then follows it on every signal until closed. */
export class TaskChangeStream {
  private sink: TaskChangeSink | null = null;
  private readDue = true;
  private positionDue = false;
  private reading = false;
  private closed = false;
  private settle!: (error?: unknown) => void;
  private readonly finished: Promise<void>;

  constructor(
    private readonly log: TaskChangeLog,
    readonly ownerId: string,
    private lastSentSeq: number,
    /** How far the owner's log had been erased when the stream opened: a later erasure resets the client. */
    private readonly erasedThroughAtOpen: number,
    private readonly unsubscribe: () => void,
  ) {
    this.finished = new Promise<void>((resolve, reject) => {
      this.settle = (error) => (error === undefined ? resolve() : reject(error));
    });
    // Nobody may be waiting yet; a failure is still reported to whoever awaits `run`.
    this.finished.catch(() => undefined);
  }

  /** The cursor of the last change sent: what a client would send as `Last-Event-ID` to resume. */
  get position(): string {
    return TaskChangeCursor.encode(this.lastSentSeq);
  }

  /** Sends changes to `sink` until `close`; rejects when reading the log or the sink fails. */
  run(sink: TaskChangeSink): Promise<void> {
    if (this.sink) throw new Error('This stream is already running');
    this.sink = sink;
    this.readLog();
    return this.finished;
  }

  close(): void {
    this.finish();
  }

  /** @internal The owner's log grew to `seq` (or may have changed in any way: `null`). */
  signal(seq: number | null): void {
    if (this.closed || (seq !== null && seq <= this.lastSentSeq)) return;
    if (seq === null) this.positionDue = true;
    this.readDue = true;
    this.readLog();
  }

  private readLog(): void {
    if (this.reading || !this.sink || this.closed) return;
    this.reading = true;
    this.catchUp(this.sink)
      .catch((error: unknown) => this.finish(error))
      .finally(() => {
        this.reading = false;
        // A signal that came in while the last page was being written.
        if (this.readDue) this.readLog();
      });
  }

  private async catchUp(sink: TaskChangeSink): Promise<void> {
    while (this.readDue && !this.closed) {
      this.readDue = false;
      if (this.positionDue) {
        this.positionDue = false;
        const { erasedThrough } = await this.log.position(this.ownerId);
        if (erasedThrough > this.erasedThroughAtOpen) return this.reset(sink, 'erased');
      }
      for (;;) {
        const page = await this.log.readAfter(this.ownerId, this.lastSentSeq, PAGE_SIZE);
        // The kept log has no gaps: when it goes on beyond the next position, changes after the last one sent
        // were removed meanwhile (a compaction, or a purge) and the client cannot carry on from it.
        if (this.lastSentSeq > 0 && page.length > 0 && page[0]!.seq !== this.lastSentSeq + 1) {
          const { erasedThrough } = await this.log.position(this.ownerId);
          return this.reset(sink, erasedThrough > this.erasedThroughAtOpen ? 'erased' : 'compacted');
        }
        for (const logged of page) {
          if (this.closed) return;
          await sink.write(toTaskChange(logged));
          this.lastSentSeq = logged.seq;
        }
        if (page.length < PAGE_SIZE) break;
      }
    }
  }

  private async reset(sink: TaskChangeSink, reason: TaskChangeStreamReset): Promise<void> {
    await sink.reset?.(reason);
    this.finish();
  }

  private finish(error?: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    this.settle(error);
  }
}
