import { EntitySchema, type PrimaryKeyProp } from '@mikro-orm/core';

/** Row shape of `task_events`: each user's change log (the outbox), numbered by `seq` in commit order. */
export class TaskEventRecord {
  declare [PrimaryKeyProp]?: ['userId', 'seq'];
  userId!: string;
  /** A `bigint`, which the driver hands over as text. */
  seq!: string;
  type!: string;
  /** The task the change is about, or null for a list's change. */
  taskId!: string | null;
  /** The list the change is about, or null for a task's change: a row names one or the other. */
  listId!: string | null;
  occurredAt!: Date;
  /** The task as the change left it; null when the change removed it. */
  task!: Record<string, unknown> | null;
  /** The list as the change left it; null when the change removed it, or for a task's change. */
  list!: Record<string, unknown> | null;
}

export const TaskEventRecordSchema = new EntitySchema<TaskEventRecord>({
  class: TaskEventRecord,
  tableName: 'task_events',
  properties: {
    userId: { type: 'string', length: 255, fieldName: 'user_id', primary: true },
    seq: { type: 'bigint', primary: true },
    type: { type: 'string', length: 32 },
    taskId: { type: 'uuid', fieldName: 'task_id', nullable: true },
    occurredAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'occurred_at' },
    task: { type: 'json', columnType: 'jsonb', nullable: true },
    listId: { type: 'uuid', fieldName: 'list_id', nullable: true },
    list: { type: 'json', columnType: 'jsonb', nullable: true },
  },
  checks: [{ name: 'task_events_names_task_or_list', expression: '(task_id is null) <> (list_id is null)' }],
});
