import { TaskDueDate } from '../../domain/index.js';
import type { TimeZone } from '../queries/time-zone.js';

/** The day it is in `zone` at `now`, as a due date: the "today" a completed repeating task moves on from. */
export function todayIn(zone: TimeZone, now: Date): TaskDueDate {
  return TaskDueDate.from(zone.dateAt(now));
}
