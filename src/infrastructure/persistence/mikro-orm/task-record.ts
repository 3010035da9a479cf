import { EntitySchema } from '@mikro-orm/core';

/** Row shape of `tasks`. Persistence only: the domain's `Task` never sees it and carries no ORM decorators. */
export class TaskRecord {
  id!: string;
  userId!: string;
  title!: string;
  description!: string | null;
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
    completed: { type: 'boolean' },
    completedAt: { type: 'Date', columnType: 'timestamptz', nullable: true, fieldName: 'completed_at' },
    createdAt: { type: 'Date', columnType: 'timestamptz', fieldName: 'created_at' },
    updatedAt: { type: 'Date', columnType: 'timestamptz', fieldName: 'updated_at' },
    version: { type: 'integer' },
  },
});
