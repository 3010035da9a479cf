import { DomainValidationError } from '../shared/domain-error.js';

/** From least to most urgent: the order in which priorities sort. */
export const TASK_PRIORITIES = ['none', 'low', 'medium', 'high'] as const;

export type TaskPriorityName = (typeof TASK_PRIORITIES)[number];

export const PRIORITY_MESSAGE = `Priority must be one of ${TASK_PRIORITIES.join(', ')}`;

/** How urgent a task is; `none` unless the user says otherwise. */
export class TaskPriority {
  static readonly NONE = new TaskPriority('none');

  private constructor(readonly value: TaskPriorityName) {}

  static from(raw: string): TaskPriority {
    const priority = TaskPriority.tryParse(raw);
    if (!priority) throw DomainValidationError.of('priority', PRIORITY_MESSAGE);
    return priority;
  }

  /** Exactly one of the names, as written: `High` is no priority. */
  static tryParse(raw: string): TaskPriority | null {
    return (TASK_PRIORITIES as readonly string[]).includes(raw) ? new TaskPriority(raw as TaskPriorityName) : null;
  }

  /** The priority at `rank` (0 for `none` to 3 for `high`), e.g. as storage keeps it. */
  static fromRank(rank: number): TaskPriority {
    const name = TASK_PRIORITIES[rank];
    if (name === undefined) throw new RangeError(`No priority has rank ${rank}`);
    return new TaskPriority(name);
  }

  /** 0 for `none` up to 3 for `high`: comparing ranks compares urgency. */
  get rank(): number {
    return TASK_PRIORITIES.indexOf(this.value);
  }

  equals(other: TaskPriority): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.value;
  }
}
