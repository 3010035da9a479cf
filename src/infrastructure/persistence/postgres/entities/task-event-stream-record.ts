import { EntitySchema } from '@mikro-orm/core';

/**
 * Row shape of `task_event_streams`: one row per user, taken by every write of theirs, holding where their
 * change log stands and how many tasks they have. The `bigint`s arrive from the driver as text.
 */
export class TaskEventStreamRecord {
  userId!: string;
  /** The last `seq` handed out. */
  lastSeq!: string;
  /** The last `seq` a purge erased. */
  erasedThrough!: string;
  /** The last `seq` compaction removed. */
  compactedThrough!: string;
  taskCount!: number;
  /** How many lists the user has, the inbox counted; checked against `MAX_LISTS_PER_USER` by a list's create. */
  listCount!: number;
}

export const TaskEventStreamRecordSchema = new EntitySchema<TaskEventStreamRecord>({
  class: TaskEventStreamRecord,
  tableName: 'task_event_streams',
  properties: {
    userId: { type: 'string', length: 255, fieldName: 'user_id', primary: true },
    lastSeq: { type: 'bigint', fieldName: 'last_seq' },
    erasedThrough: { type: 'bigint', fieldName: 'erased_through', default: 0 },
    compactedThrough: { type: 'bigint', fieldName: 'compacted_through', default: 0 },
    taskCount: { type: 'integer', fieldName: 'task_count', default: 0 },
    listCount: { type: 'integer', fieldName: 'list_count', default: 0 },
  },
});
