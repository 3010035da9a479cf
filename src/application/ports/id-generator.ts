import type { ListId, TaskId } from '../../domain/index.js';

export interface IdGenerator {
  /** A new, unguessable, time-ordered task id. */
  newTaskId(): TaskId;
  /** A new list id, made the same way. */
  newListId(): ListId;
}
