import { EntitySchema } from '@mikro-orm/core';

/** Row shape of `task_lists`: each user's lists of tasks, one of them their inbox. */
export class TaskListRecord {
  id!: string;
  userId!: string;
  name!: string;
  isInbox!: boolean;
  /** The order key among the owner's lists (`Position`), compared byte-wise. */
  position!: string;
  createdAt!: Date;
  updatedAt!: Date;
  version!: number;
}

export const TaskListRecordSchema = new EntitySchema<TaskListRecord>({
  class: TaskListRecord,
  tableName: 'task_lists',
  properties: {
    id: { type: 'uuid', primary: true },
    userId: { type: 'string', length: 255, fieldName: 'user_id' },
    name: { type: 'string', length: 100 },
    isInbox: { type: 'boolean', fieldName: 'is_inbox', default: false },
    // `collate "C"` in the database (the migration), as for tasks.
    position: { type: 'text', columnType: 'text' },
    createdAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'created_at' },
    updatedAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'updated_at' },
    version: { type: 'integer', default: 1 },
  },
  indexes: [
    { name: 'task_lists_user_position_idx', properties: ['userId', 'position', 'id'] },
    // One inbox per owner: what makes its creation on first use race-free.
    { name: 'task_lists_user_inbox_key', expression: 'create unique index task_lists_user_inbox_key on task_lists (user_id) where is_inbox' },
    // Names unique per owner, ignoring case.
    { name: 'task_lists_user_name_key', expression: 'create unique index task_lists_user_name_key on task_lists (user_id, lower((name)::text))' },
  ],
  uniques: [{ name: 'task_lists_user_id_key', properties: ['userId', 'id'] }],
  checks: [
    { name: 'task_lists_name_not_blank', expression: 'length(btrim(name)) > 0' },
    { name: 'task_lists_version_positive', expression: 'version >= 1' },
  ],
});
