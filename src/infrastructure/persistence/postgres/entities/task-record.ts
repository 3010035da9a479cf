import { EntitySchema } from '@mikro-orm/core';

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
    priority: { type: 'smallint' },
    completed: { type: 'boolean' },
    completedAt: { type: 'Date', columnType: 'timestamptz', nullable: true, fieldName: 'completed_at' },
    createdAt: { type: 'Date', columnType: 'timestamptz', fieldName: 'created_at' },
    updatedAt: { type: 'Date', columnType: 'timestamptz', fieldName: 'updated_at' },
    version: { type: 'integer' },
  },
});
