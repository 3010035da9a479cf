import { Migration } from '@mikro-orm/migrations';

/** The key `Position.first()` makes: each owner's inbox starts their manual order of lists. */
const FIRST_POSITION = 'a0';

/**
 * Lists of tasks. Every task belongs to one list of its owner; every owner has exactly one inbox (`is_inbox`),
 * which the partial unique index makes race-free to create on first use (`insert … on conflict do nothing`).
 * Names are unique per owner ignoring case. The owner's number of lists is kept on their
 * `task_event_streams` row (`list_count`), checked by the create's own statement as `task_count` is.
 *
 * The change log carries list changes beside task changes: a row names either a task (`task_id`, `task`) or a
 * list (`list_id`, `list`), never both.
 *
 * Existing data: every owner of a task gets an inbox, and their tasks move into it. The inboxes record no
 * change-log event: a client that synced before learns of its inbox when it reads the list.
 */
export class Migration20261205100000_add_task_lists extends Migration {
  override up(): void {
    this.addSql(`
      create table task_lists (
        id uuid primary key,
        user_id varchar(255) not null,
        name varchar(100) not null,
        is_inbox boolean not null default false,
        position text collate "C" not null,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        version integer not null default 1,
        constraint task_lists_name_not_blank check (length(btrim(name)) > 0),
        constraint task_lists_version_positive check (version >= 1),
        constraint task_lists_user_id_key unique (user_id, id)
      )`);
    this.addSql('create unique index task_lists_user_inbox_key on task_lists (user_id) where is_inbox');
    this.addSql('create unique index task_lists_user_name_key on task_lists (user_id, lower(name))');
    this.addSql('create index task_lists_user_position_idx on task_lists (user_id, position, id)');

    this.addSql('alter table task_event_streams add column list_count integer not null default 0');

    this.addSql(`
      insert into task_lists (id, user_id, name, is_inbox, position, created_at, updated_at, version)
      select gen_random_uuid(), user_id, 'Inbox', true, '${FIRST_POSITION}', now(), now(), 1
      from (select distinct user_id from tasks) owners`);
    this.addSql(`
      insert into task_event_streams (user_id, last_seq, list_count)
      select user_id, 0, count(*) from task_lists group by user_id
      on conflict (user_id) do update set list_count = excluded.list_count`);

    this.addSql('alter table tasks add column list_id uuid null');
    this.addSql(`
      update tasks set list_id = inbox.id
      from task_lists inbox
      where inbox.user_id = tasks.user_id and inbox.is_inbox`);
    this.addSql('alter table tasks alter column list_id set not null');
    // The list must be the owner's own: the key names both.
    this.addSql(`
      alter table tasks add constraint tasks_list_fkey
      foreign key (user_id, list_id) references task_lists (user_id, id)`);
    this.addSql('create index tasks_user_list_created_at_idx on tasks (user_id, list_id, created_at, id)');

    this.addSql('alter table task_events alter column task_id drop not null');
    this.addSql('alter table task_events add column list_id uuid null, add column list jsonb null');
    this.addSql(`
      alter table task_events add constraint task_events_names_task_or_list
      check ((task_id is null) <> (list_id is null))`);
  }

  override down(): void {
    this.addSql('delete from task_events where task_id is null');
    this.addSql('alter table task_events drop constraint task_events_names_task_or_list');
    this.addSql('alter table task_events drop column list, drop column list_id');
    this.addSql('alter table task_events alter column task_id set not null');
    this.addSql('drop index if exists tasks_user_list_created_at_idx');
    this.addSql('alter table tasks drop constraint tasks_list_fkey');
    this.addSql('alter table tasks drop column list_id');
    this.addSql('alter table task_event_streams drop column list_count');
    this.addSql('drop table if exists task_lists');
  }
}
