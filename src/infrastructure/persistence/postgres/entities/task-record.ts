import { EntitySchema } from '@mikro-orm/core';
import { TaskListRecord } from './task-list-record.js';

/** Row shape of `tasks`. Persistence only: the domain's `Task` never sees it and carries no ORM decorators. */
export class TaskRecord {
  id!: string;
  userId!: string;
  title!: string;
  description!: string | null;
  /** `YYYY-MM-DD` (a PostgreSQL `date`, which the driver hands over as that text). */
  dueDate!: string | null;
  /** The priority's rank, 0 (`none`) to 3 (`high`), so that SQL sorts by urgency; names only at the edges. */
  priority!: number;
  completed!: boolean;
  completedAt!: Date | null;
  /** The owner's list holding the task (a foreign key on `(user_id, list_id)`). */
  listId!: string;
  list!: TaskListRecord;
  /** The parent task, of the same owner (a foreign key on `(parent_id, user_id)`), or null on the top level. */
  parentId!: string | null;
  parent!: TaskRecord | null;
  /** The order key among the task's siblings (`Position`), compared byte-wise. */
  position!: string;
  /** The labels as spelled, in the user's order. */
  labels!: string[];
  /** The same labels' keys (`LabelName.keyOf`), in the same order: what label filters match on. */
  labelKeys!: string[];
  /** The rule the task repeats by (`TaskRepeat`'s spelling), or null; only with a due date. */
  repeat!: string | null;
  /** `due` or `completion`: what a repeating task's next due date is counted from. */
  repeatFrom!: string;
  createdAt!: Date;
  updatedAt!: Date;
  version!: number;
}

export const TaskRecordSchema = new EntitySchema<TaskRecord>({
  class: TaskRecord,
  tableName: 'tasks',
  properties: {
    id: { type: 'uuid', primary: true },
    userId: { type: 'string', length: 255, fieldName: 'user_id' },
    title: { type: 'string', length: 200 },
    description: { type: 'string', length: 1000, nullable: true },
    dueDate: { type: 'date', nullable: true, fieldName: 'due_date' },
    priority: { type: 'smallint', default: 0 },
    completed: { type: 'boolean', default: false },
    completedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true, fieldName: 'completed_at' },
    createdAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'created_at' },
    updatedAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'updated_at' },
    version: { type: 'integer', default: 1 },
    listId: { type: 'uuid', fieldName: 'list_id', persist: false },
    list: {
      kind: 'm:1',
      entity: () => TaskListRecord,
      joinColumns: ['user_id', 'list_id'],
      referencedColumnNames: ['user_id', 'id'],
      foreignKeyName: 'tasks_list_fkey',
      deleteRule: 'no action',
      updateRule: 'no action',
    },
    parentId: { type: 'uuid', nullable: true, fieldName: 'parent_id', persist: false },
    parent: {
      kind: 'm:1',
      entity: () => TaskRecord,
      nullable: true,
      joinColumns: ['parent_id', 'user_id'],
      referencedColumnNames: ['id', 'user_id'],
      foreignKeyName: 'tasks_parent_fk',
      deleteRule: 'no action',
      updateRule: 'no action',
    },
    // `collate "C"` in the database (the migration): keys sort byte-wise, as `Position` compares them.
    position: { type: 'text', columnType: 'text' },
    labels: { type: 'string[]', columnType: 'text[]', defaultRaw: "'{}'::text[]" },
    labelKeys: { type: 'string[]', columnType: 'text[]', defaultRaw: "'{}'::text[]", fieldName: 'label_keys' },
    repeat: { type: 'text', columnType: 'text', nullable: true },
    // A check on its values (`tasks_repeat_from_check`), which MikroORM reads back as an enum.
    repeatFrom: { enum: true, items: ['due', 'completion'], columnType: 'text', defaultRaw: "'due'::text", fieldName: 'repeat_from' },
  },
  // Every list order has two indexes leading with the owner and ending in `id` (keyset paging): one of the pending
  // tasks, one of the completed (`done`) ones (Migrations 20261206000000 and 20261206100000), so that each task is in
  // one of them and a listing of every status merges the two. Tasks without a due date
  // come last in both due-date orders, so those sort on `coalesce(due_date, ±infinity)`. Partial and expression
  // indexes are written as PostgreSQL prints them back (`pg_get_indexdef`); the listing statement in
  // postgres-task-read-model.ts must match them.
  indexes: [
    ...[
      ['created_at', 'created_at'],
      ['updated_at', 'updated_at'],
      ['title', 'title'],
      ['priority', 'priority'],
      ['due_asc', `coalesce(due_date, 'infinity'::date)`],
      ['due_desc', `coalesce(due_date, '-infinity'::date)`],
    ].flatMap(([name, key]) => [
      {
        name: `tasks_user_pending_${name}_idx`,
        expression: `create index tasks_user_pending_${name}_idx on tasks (user_id, ${key}, id) where (not completed)`,
      },
      {
        name: `tasks_user_done_${name}_idx`,
        expression: `create index tasks_user_done_${name}_idx on tasks (user_id, ${key}, id) where completed`,
      },
    ]),
    // Manual order over all of the owner's tasks (`sort=position`); within one sibling group, the unique key below.
    { name: 'tasks_user_position_idx', properties: ['userId', 'position', 'id'] },
    // A list's tasks in the default order (`list_id=`).
    { name: 'tasks_user_list_created_at_idx', properties: ['userId', 'listId', 'createdAt', 'id'] },
    // The label filter: each key as a term of its owner (Migration20261205400000), so a lookup reads one owner's
    // entries; only tasks with labels are in it.
    {
      name: 'tasks_user_label_terms_idx',
      expression:
        `create index tasks_user_label_terms_idx on tasks using gin (task_label_terms(user_id, label_keys)) where (label_keys <> '{}'::text[])`,
    },
    // The repeating filter (`repeating=true`): the repeating tasks alone, which are few.
    {
      name: 'tasks_user_repeating_idx',
      expression: 'create index tasks_user_repeating_idx on tasks (user_id, due_date, id) where (repeat is not null)',
    },
  ],
  uniques: [
    // What the parent foreign key points at.
    { name: 'tasks_id_user_key', properties: ['id', 'userId'] },
    // No two siblings at one position; the top level (no parent) of each list is one group.
    {
      name: 'tasks_sibling_position_key',
      expression:
        'alter table tasks add constraint tasks_sibling_position_key unique nulls not distinct (user_id, parent_id, list_id, position)',
    },
  ],
  // As PostgreSQL prints them back: it stores `a between x and y` as `a >= x and a <= y`.
  checks: [
    { name: 'tasks_title_not_blank', expression: 'length(btrim(title)) > 0' },
    { name: 'tasks_completed_at_matches', expression: 'completed = (completed_at is not null)' },
    { name: 'tasks_version_positive', expression: 'version >= 1' },
    { name: 'tasks_due_date_in_range', expression: `due_date >= '1900-01-01'::date and due_date <= '9999-12-31'::date` },
    { name: 'tasks_priority_known', expression: 'priority >= 0 and priority <= 3' },
    { name: 'tasks_repeat_needs_due_date', expression: 'repeat is null or due_date is not null' },
  ],
});
