import { Migration } from '@mikro-orm/migrations';

/** The base-62 digits of the order keys (`Position`), in the byte order `collate "C"` sorts them in. */
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Key `n` (from 0) of an evenly spaced order: `c` and three digits, 62³ keys, more than one user may have tasks. */
function integerKey(n: string): string {
  const digit = (divisor: number) => `substr('${DIGITS}', (${n} / ${divisor}) % 62 + 1, 1)`;
  return `'c' || ${digit(62 * 62)} || ${digit(62)} || ${digit(1)}`;
}

/**
 * Subtasks and manual order. `parent_id` is another task of the same owner (a composite foreign key on
 * `(parent_id, user_id)`, so a subtask can never hang under someone else's task), or null on the top level;
 * `position` is the task's order key among its siblings (`Position`), compared byte-wise (`collate "C"`).
 *
 * Existing tasks stay on the top level, in the order they list in by default (newest first): each owner's tasks
 * get the integer keys `c000`, `c001`, … in that order, keys `Position` can place others between. The events
 * of each remaining task are given the same parent and position, so a client replaying the change log rebuilds
 * the order too.
 *
 * Indexes:
 * - `tasks_sibling_position_key`, unique on `(user_id, parent_id, position)` with nulls not distinct: no two
 *   siblings (the top level being one group per owner) share a position, however writers race; it also serves
 *   the `parent_id=` and top-level filters, their manual order, and the foreign key's check when a task goes;
 * - `tasks_user_position_idx` on `(user_id, position, id)`: `sort=position` over all of an owner's tasks;
 * - `tasks_id_user_key`, unique on `(id, user_id)`: what the foreign key points at.
 */
export class Migration20261205200000_add_subtasks_and_order extends Migration {
  override up(): void {
    this.addSql('alter table tasks add column parent_id uuid null, add column position text collate "C" null');
    this.addSql(`
      update tasks t set position = ordered.position
      from (
        select id, ${integerKey('n')} as position
        from (select id, (row_number() over (partition by user_id order by created_at desc, id desc) - 1)::int as n from tasks) numbered
      ) ordered
      where ordered.id = t.id`);
    this.addSql('alter table tasks alter column position set not null');
    this.addSql('alter table tasks add constraint tasks_id_user_key unique (id, user_id)');
    this.addSql(`
      alter table tasks add constraint tasks_parent_fk foreign key (parent_id, user_id) references tasks (id, user_id)`);
    this.addSql(`
      alter table tasks add constraint tasks_sibling_position_key unique nulls not distinct (user_id, parent_id, position)`);
    this.addSql('create index tasks_user_position_idx on tasks (user_id, position, id)');
    this.addSql(`
      update task_events e set task = e.task || jsonb_build_object('parent_id', null, 'position', t.position)
      from tasks t
      where t.user_id = e.user_id and t.id = e.task_id and e.task is not null`);
  }

  override down(): void {
    this.addSql(`update task_events set task = task - 'parent_id' - 'position' where task is not null`);
    this.addSql('drop index if exists tasks_user_position_idx');
    this.addSql(
      'alter table tasks drop constraint if exists tasks_sibling_position_key, drop constraint if exists tasks_parent_fk, ' +
        'drop constraint if exists tasks_id_user_key',
    );
    this.addSql('alter table tasks drop column position, drop column parent_id');
  }
}
