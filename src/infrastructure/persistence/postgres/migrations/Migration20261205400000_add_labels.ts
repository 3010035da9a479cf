import { Migration } from '@mikro-orm/migrations';

/**
 * Labels on tasks. `labels` holds each label as the user spelled it, in their order; `label_keys` the same labels'
 * keys (`LabelName.keyOf`, the name in lower case), in the same order. The keys are written by the service, not
 * folded by the database, so that the one rule that says when two names are one label lives in the domain.
 *
 * `task_label_terms(user_id, label_keys)` makes each key a term of its owner: the owner, a unit separator (a
 * control character, which no label holds) and the key. The GIN index `tasks_user_label_terms_idx` on it answers
 * "the owner's tasks with any of these labels" from the owner's entries alone: one user's popular label costs
 * another user nothing, and a filter reads only the tasks that match. It holds only tasks with labels, so a write
 * of a task without any (most of them) costs the index nothing.
 *
 * Existing tasks get no labels, and their events need no rewrite: an event without `labels` reads as none.
 */
export class Migration20261205400000_add_labels extends Migration {
  override up(): void {
    this.addSql(`alter table tasks add column labels text[] not null default '{}', add column label_keys text[] not null default '{}'`);
    this.addSql(`
      create function task_label_terms(owner varchar, keys text[]) returns text[]
      language sql immutable strict parallel safe
      as $$ select coalesce(array_agg(owner || chr(31) || key), '{}') from unnest(keys) as key $$`);
    this.addSql(
      `create index tasks_user_label_terms_idx on tasks using gin (task_label_terms(user_id, label_keys)) where label_keys <> '{}'::text[]`,
    );
  }

  override down(): void {
    this.addSql('drop index if exists tasks_user_label_terms_idx');
    this.addSql('drop function if exists task_label_terms(varchar, text[])');
    this.addSql('alter table tasks drop column label_keys, drop column labels');
  }
}
