/**
 * The reads of one sibling group on the write path — the last position a new task goes after, the gap a moved
 * task goes into — as prepared statements run them once PostgreSQL settles on a generic plan: each reads that
 * group's rows through an index and no others, for a top-level group and for the subtasks of a task alike, however
 * many tasks the owner has elsewhere.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { Database } from '../../../../../../src/infrastructure/persistence/postgres/database.js';
import { gapStatement, LAST_POSITION } from '../../../../../../src/infrastructure/persistence/postgres/write-path/postgres-task-repository.js';
import { taskAtOrAfter } from '../../../../../../src/infrastructure/persistence/postgres/write-path/sibling-group-sql.js';
import { testDatabaseUrl } from '../../../../../support/test-database.js';

describe('PostgreSQL: sibling group reads under a generic plan', () => {
  let database: Database;

  const owner = `plans-${randomUUID()}`;
  const [list, otherList, parent, moving, neighbour] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];

  before(async () => {
    database = await Database.connect(await testDatabaseUrl());
    // 3,000 tasks: 10 on the top level of one list, first in the owner's order; the rest in another list, 40 of them
    // subtasks of one. Planned on real statistics, where walking the owner's whole order would read thousands of rows.
    const sql = database.orm.em.getConnection();
    await sql.execute(
      `insert into task_lists (id, user_id, name, is_inbox, position, created_at, updated_at)
       values (?, ?, 'Inbox', true, 'a0', now(), now()), (?, ?, 'Work', false, 'a1', now(), now())`,
      [list, owner, otherList, owner],
    );
    await sql.execute(
      `insert into tasks (id, user_id, title, list_id, parent_id, position, created_at, updated_at)
       select case when n = 11 then ?::uuid else gen_random_uuid() end, ?, 'Task ' || n,
              case when n <= 10 then ?::uuid else ?::uuid end, null, 'b' || lpad(n::text, 5, '0'), now(), now()
       from generate_series(1, 3000) n`,
      [parent, owner, list, otherList],
    );
    await sql.execute(
      `update tasks set parent_id = ?
       where user_id = ? and id in (select id from tasks where user_id = ? and list_id = ? and id <> ? order by position limit 40)`,
      [parent, owner, owner, otherList, parent],
    );
    // As on a service with many users: 500 other owners with a list of 5 tasks each, so that one list is a small
    // part of the table in the statistics too.
    await sql.execute(
      `with lists as (
         insert into task_lists (id, user_id, name, is_inbox, position, created_at, updated_at)
         select gen_random_uuid(), 'plans-other-' || n || '-' || ?, 'Inbox', true, 'a0', now(), now() from generate_series(1, 500) n
         returning id, user_id
       )
       insert into tasks (id, user_id, title, list_id, position, created_at, updated_at)
       select gen_random_uuid(), lists.user_id, 'Task', lists.id, 'a' || k, now(), now() from lists, generate_series(1, 5) k`,
      [owner],
    );
    await sql.execute('analyze tasks');
  });
  after(async () => {
    await database.close();
  });

  /** The generic plan PostgreSQL runs `text` with, run with `values` bound (`explain analyze`). */
  async function genericPlan(text: string, values: unknown[], textAt?: number): Promise<string> {
    const session = database.session;
    return session.work(
      async (unit) => {
        await unit.transaction();
        await unit.query({ text: 'set local plan_cache_mode = force_generic_plan', values: [] });
        const name = `sibling_${randomUUID().replace(/-/g, '')}`;
        const types = values.map((_, index) => (index === 0 ? 'varchar' : index === textAt ? 'text' : 'uuid')).join(', ');
        await unit.query({ text: `prepare ${name} (${types}) as ${text}`, values: [] });
        const literals = values.map((value) => (value === null ? 'null' : `'${String(value)}'`)).join(', ');
        const rows = await unit.query<{ "QUERY PLAN": string }>({ text: `explain (analyze, costs off) execute ${name} (${literals})`, values: [] });
        await unit.query({ text: `deallocate ${name}`, values: [] });
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      },
      { locking: false },
    );
  }

  /** Rows the plan's scans read from indexes and tables, those their filters then dropped included. */
  function rowsRead(plan: string): number {
    let rows = 0;
    for (const line of plan.split('\n')) {
      const scan = /(?:Index|Index Only|Bitmap Heap) Scan.*actual time=\S+ rows=(\d+) loops=(\d+)/.exec(line);
      if (scan) rows += Number(scan[1]) * Number(scan[2]);
      const removed = /Rows Removed by (?:Filter|Index Recheck): (\d+)/.exec(line);
      if (removed) rows += Number(removed[1]);
    }
    return rows;
  }

  const groups = [
    { name: 'a top-level group', topLevel: true, values: [owner, null, list], size: 10 },
    { name: "a task's subtasks", topLevel: false, values: [owner, parent, otherList], size: 40 },
  ];

  for (const group of groups) {
    it(`reads the last position of ${group.name} from that group's rows alone`, async () => {
      const plan = await genericPlan(group.topLevel ? LAST_POSITION.top : LAST_POSITION.under, group.values);

      expect(plan).to.not.match(/Seq Scan|Sort/);
      expect(rowsRead(plan), plan).to.be.at.most(1);
    });

    it(`checks that nothing of ${group.name} sits at or after a key from that group's rows alone`, async () => {
      // What a write from a remembered end checks: usually a key past the group's end, where nothing is found; a key
      // before the group's last one finds a task. Each reads the group's last row and no other.
      for (const key of ['b00002', 'b99999']) {
        const text = `select ${taskAtOrAfter(group.topLevel, { owner: 1, parent: 2, list: 3 }, 4)} as overtaken`;
        const plan = await genericPlan(text, [...group.values, key], 3);

        expect(plan, key).to.not.match(/Seq Scan|Sort/);
        expect(rowsRead(plan), `${key}\n${plan}`).to.be.at.most(1);
      }
    });

    it(`checks the same for a task moving to the end of ${group.name}, leaving the task itself out`, async () => {
      const [last] = await database.orm.em.getConnection().execute<{ id: string }[]>(
        `select id from tasks where user_id = ? and parent_id is not distinct from ?::uuid and list_id = ? order by position desc limit 1`,
        group.values,
      );
      const text = `select ${taskAtOrAfter(group.topLevel, { owner: 1, parent: 2, list: 3 }, 4, 5)} as overtaken`;
      const plan = await genericPlan(text, [...group.values, 'b99999', last!.id], 3);

      expect(plan).to.not.match(/Seq Scan|Sort/);
      // The task itself, then the one before it.
      expect(rowsRead(plan), plan).to.be.at.most(2);
    });

    it(`reads a gap of ${group.name} from that group's rows alone`, async () => {
      for (const side of ['after', 'before'] as const) {
        for (const beside of [true, false]) {
          const values = beside ? [...group.values, moving, neighbour] : [...group.values, moving];
          const plan = await genericPlan(gapStatement(side, beside, group.topLevel), values);
          const label = `${side}, ${beside ? 'beside a neighbour' : 'at an end'}`;

          expect(plan, label).to.not.match(/Seq Scan|Sort/);
          // The neighbour and the nearest sibling past it, the moving task perhaps between them.
          expect(rowsRead(plan), `${label}\n${plan}`).to.be.at.most(3);
        }
      }
    });
  }
});
