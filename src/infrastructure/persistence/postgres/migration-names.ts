/**
 * The name of every migration of this build, oldest first: what `Database.migrationStatus` compares the
 * database's bookkeeping with, and how a start-up tells that nothing is pending without loading the migrations
 * themselves (their classes and MikroORM's migrator stay out of a serving process that has nothing to apply).
 * `migration-list.ts` pairs each name with its class; a test keeps the two lists the same.
 */
export const MIGRATION_NAMES: readonly string[] = [
  'Migration20261125000000_create_tasks',
  'Migration20261126000000_create_idempotency_keys',
  'Migration20261127000000_track_erased_change_logs',
  'Migration20261128000000_add_due_dates_and_priorities',
  'Migration20261128000000_count_tasks_per_user',
  'Migration20261129000000_track_compacted_change_logs',
  'Migration20261205200000_add_subtasks_and_order',
  'Migration20261205400000_add_labels',
  'Migration20261205500000_add_task_lists',
  'Migration20261205600000_add_task_repeats',
  'Migration20261206000000_index_pending_tasks_only',
  'Migration20261206100000_index_each_status_apart',
];
