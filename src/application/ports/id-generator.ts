import type { TaskId } from '../../domain/index.js';

export interface IdGenerator {
  /** A new, unguessable, time-ordered task id. */
  newTaskId(): TaskId;
}
