import { IdempotencyKeyRecordSchema } from './idempotency-key-record.js';
import { TaskEventRecordSchema } from './task-event-record.js';
import { TaskEventStreamRecordSchema } from './task-event-stream-record.js';
import { TaskListRecordSchema } from './task-list-record.js';
import { TaskRecordSchema } from './task-record.js';

/**
 * One entity schema per table the migrations create, registered in orm-config.ts. The migrations own the
 * schema and the adapters run their own SQL; these describe the tables as migrated (columns, keys,
 * defaults, indexes, checks) so that what MikroORM knows of the database is true. A migration that changes
 * a table changes its schema here as well: tests/integration/infrastructure/persistence/postgres/
 * entity-schemas.test.ts compares them with the migrated database.
 */
export const ENTITY_SCHEMAS = [TaskRecordSchema, TaskListRecordSchema, TaskEventRecordSchema, TaskEventStreamRecordSchema, IdempotencyKeyRecordSchema];
