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
 * Top-level tasks are ordered per list: the sibling key `tasks_sibling_position_key` becomes unique on
 * `(user_id, parent_id, list_id, position)`, nulls not distinct, so each list's top level is one group (a subtask's
 * group, under its parent, lies within one list anyway); led by the parent, it still finds a task's subtasks (and
 * what the parent key checks on a delete). `tasks_user_list_created_at_idx` finds a list's tasks (`list_id=`).
 *
 * Existing data: every owner of a task, or of a change log with task states, gets an inbox, and their tasks move into
 * it, keeping their positions (one group before, one group now). Each inbox is recorded in its owner's change log
 * (`list.created`), and every task state in the log gains the inbox as its `list_id`, so a client replaying the log
 * rebuilds the inbox and what it held.
 */
export class Migration20261205500000_add_task_lists extends Migration {
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
      select gen_random_uuid(), user_id, 'Inbox', true, '${FIRST_POSITION}', date_trunc('milliseconds', now()), date_trunc('milliseconds', now()), 1
      from (select user_id from tasks union select user_id from task_events where task is not null) owners`);
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
    this.addSql('alter table tasks drop constraint tasks_sibling_position_key');
    this.addSql(`
      alter table tasks add constraint tasks_sibling_position_key unique nulls not distinct (user_id, parent_id, list_id, position)`);

    this.addSql('alter table task_events alter column task_id drop not null');
    this.addSql('alter table task_events add column list_id uuid null, add column list jsonb null');
    this.addSql(`
      alter table task_events add constraint task_events_names_task_or_list
      check ((task_id is null) <> (list_id is null))`);
    // Every task was in its owner's one list: each task state in the log, of a task deleted since too, was in the inbox.
    this.addSql(`
      update task_events e set task = e.task || jsonb_build_object('list_id', inbox.id)
      from task_lists inbox
      where inbox.user_id = e.user_id and inbox.is_inbox and e.task is not null`);
    this.addSql(`
      with inbox as (
        select id, user_id, name, is_inbox, position, created_at, updated_at, version from task_lists where is_inbox
      ), stream as (
        update task_event_streams s
        set last_seq = greatest(s.last_seq, coalesce((select max(seq) from task_events e where e.user_id = s.user_id), 0)) + 1
        from inbox where inbox.user_id = s.user_id
        returning s.user_id, s.last_seq
      )
      insert into task_events (user_id, seq, type, list_id, occurred_at, list)
      select inbox.user_id, stream.last_seq, 'list.created', inbox.id, inbox.created_at,
             jsonb_build_object('id', inbox.id, 'name', inbox.name, 'is_inbox', true, 'position', inbox.position,
                                'created_at', to_char(inbox.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                'updated_at', to_char(inbox.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                'version', inbox.version)
      from inbox join stream on stream.user_id = inbox.user_id`);
  }

  override down(): void {
    this.addSql('delete from task_events where task_id is null');
    this.addSql('alter table task_events drop constraint task_events_names_task_or_list');
    this.addSql('alter table task_events drop column list, drop column list_id');
    this.addSql('alter table task_events alter column task_id set not null');
    this.addSql(`update task_events set task = task - 'list_id' where task is not null`);
    this.addSql('drop index if exists tasks_user_list_created_at_idx');
    this.addSql('alter table tasks drop constraint tasks_sibling_position_key');
    this.addSql(`
      alter table tasks add constraint tasks_sibling_position_key unique nulls not distinct (user_id, parent_id, position)`);
    this.addSql('alter table tasks drop constraint tasks_list_fkey');
    this.addSql('alter table tasks drop column list_id');
    this.addSql('alter table task_event_streams drop column list_count');
    this.addSql('drop table if exists task_lists');
  }
}
