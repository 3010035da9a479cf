import type { Logger } from '../logging/logger.js';

export interface PeriodicJobSchedule {
  /** Before the first run (instances started together should not all run at once: add some jitter). */
  readonly firstDelayMs: number;
  /** From the end of one run to the start of the next. */
  readonly intervalMs: number;
}

/**
 * Runs a background job now and then: never two runs at once, never holding the process open, a failed run
 * logged and the next one going ahead as planned. `stop` tells a run in progress to stop (its signal
 * aborts) and waits for it.
 */
export class PeriodicJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly abort = new AbortController();

  constructor(
    private readonly name: string,
    private readonly job: (signal: AbortSignal) => Promise<void>,
    private readonly schedule: PeriodicJobSchedule,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.plan(this.schedule.firstDelayMs);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private plan(delayMs: number): void {
    if (this.abort.signal.aborted) return;
    this.timer = setTimeout(() => this.run(), delayMs);
    this.timer.unref();
  }

  private run(): void {
    this.timer = null;
    this.running = this.job(this.abort.signal)
      .catch((error: unknown) => this.logger.warn({ err: error, job: this.name }, 'background job failed; it runs again later'))
      .finally(() => {
        this.running = null;
        this.plan(this.schedule.intervalMs);
      });
  }
}
