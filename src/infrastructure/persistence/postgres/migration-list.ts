/**
 * Every migration with its class, oldest first. Listed here, not discovered on disk, so the same list runs from
 * tsx and from the build. Loaded only to apply or undo migrations (`createMigrationOrmConfig`); the names alone
 * are in `migration-names.ts`.
 */
import { Migration20261125000000_create_tasks } from './migrations/Migration20261125000000_create_tasks.js';
import { Migration20261126000000_create_idempotency_keys } from './migrations/Migration20261126000000_create_idempotency_keys.js';
import { Migration20261127000000_track_erased_change_logs } from './migrations/Migration20261127000000_track_erased_change_logs.js';
import { Migration20261128000000_add_due_dates_and_priorities } from './migrations/Migration20261128000000_add_due_dates_and_priorities.js';
import { Migration20261128000000_count_tasks_per_user } from './migrations/Migration20261128000000_count_tasks_per_user.js';
import { Migration20261129000000_track_compacted_change_logs } from './migrations/Migration20261129000000_track_compacted_change_logs.js';
import { Migration20261205200000_add_subtasks_and_order } from './migrations/Migration20261205200000_add_subtasks_and_order.js';
import { Migration20261205400000_add_labels } from './migrations/Migration20261205400000_add_labels.js';
import { Migration20261205500000_add_task_lists } from './migrations/Migration20261205500000_add_task_lists.js';
import { Migration20261205600000_add_task_repeats } from './migrations/Migration20261205600000_add_task_repeats.js';
import { Migration20261206000000_index_pending_tasks_only } from './migrations/Migration20261206000000_index_pending_tasks_only.js';
import { Migration20261206100000_index_each_status_apart } from './migrations/Migration20261206100000_index_each_status_apart.js';

export const MIGRATIONS = [
  { name: 'Migration20261125000000_create_tasks', class: Migration20261125000000_create_tasks },
  { name: 'Migration20261126000000_create_idempotency_keys', class: Migration20261126000000_create_idempotency_keys },
  { name: 'Migration20261127000000_track_erased_change_logs', class: Migration20261127000000_track_erased_change_logs },
  { name: 'Migration20261128000000_add_due_dates_and_priorities', class: Migration20261128000000_add_due_dates_and_priorities },
  { name: 'Migration20261128000000_count_tasks_per_user', class: Migration20261128000000_count_tasks_per_user },
  { name: 'Migration20261129000000_track_compacted_change_logs', class: Migration20261129000000_track_compacted_change_logs },
  { name: 'Migration20261205200000_add_subtasks_and_order', class: Migration20261205200000_add_subtasks_and_order },
  { name: 'Migration20261205400000_add_labels', class: Migration20261205400000_add_labels },
  { name: 'Migration20261205500000_add_task_lists', class: Migration20261205500000_add_task_lists },
  { name: 'Migration20261205600000_add_task_repeats', class: Migration20261205600000_add_task_repeats },
  { name: 'Migration20261206000000_index_pending_tasks_only', class: Migration20261206000000_index_pending_tasks_only },
  { name: 'Migration20261206100000_index_each_status_apart', class: Migration20261206100000_index_each_status_apart },
];
