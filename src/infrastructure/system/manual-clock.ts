import type { Clock } from '../../application/ports/clock.js';

/** A clock that moves only when told to: for tests and replays that need exact, repeatable times. */
export class ManualClock implements Clock {
  private current: Date;

  constructor(start: Date) {
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves the clock by `ms` milliseconds (backwards when negative). */
  advance(ms: number): Date {
    this.current = new Date(this.current.getTime() + ms);
    return this.now();
  }

  set(date: Date): void {
    this.current = new Date(date);
  }
}
