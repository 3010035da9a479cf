/**
 * What only the PostgreSQL read model has to show: every listing and count is served by an index. What it
 * answers is the `TaskReadModel` contract's (tests/support/contracts), run against it with every other adapter.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { TaskListCriteria, TaskReadModel, TaskSortField } from '../../../../../src/application/ports/task-read-model.js';
import { Database } from '../../../../../src/infrastructure/persistence/postgres/database.js';
import type { Sql } from '../../../../../src/infrastructure/persistence/postgres/write-path/sql-session.js';
import { listTasksStatement, PostgresTaskReadModel, taskStatsStatement } from '../../../../../src/infrastructure/persistence/postgres/postgres-task-read-model.js';
import { UserId } from '../../../../../src/domain/index.js';
import { createPostgresAdapters, storeTestList } from '../../../../support/postgres-adapters.js';
import { TaskMother } from '../../../../support/task-mother.js';
import { testDatabaseUrl } from '../../../../support/test-database.js';
import { SORT_NODE } from '../../../../support/query-plans.js';

describe('PostgreSQL read model: index use', () => {
  let database: Database;
  let readModel: TaskReadModel;

  before(async () => {
    database = await Database.connect(await testDatabaseUrl());
    ({ readModel } = createPostgresAdapters(database.session));
  });
  after(async () => {
    await database.close();
  });

  it('walks an index for every listing: each sort, order and status filter, first page and after a cursor', async () => {
    const cursorValues: Record<TaskSortField, (string | null)[]> = {
      created_at: ['2026-11-25T10:00:00.000Z'],
      updated_at: ['2026-11-25T10:00:00.000Z'],
      title: ['m'],
      priority: ['medium'],
      // A cursor at a task with a due date, and at one without (those come last).
      due_date: ['2026-11-25', null],
      position: ['a0'],
    };
    const criteria: TaskListCriteria[] = [];
    for (const sort of ['created_at', 'updated_at', 'title', 'due_date', 'priority', 'position'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        for (const status of ['all', 'pending', 'completed'] as const) {
          for (const after of [null, ...cursorValues[sort].map((value) => ({ value, id: randomUUID() }))]) {
            criteria.push({ ownerId: 'x', status, sort, order, search: null, priorities: null, due: null, after, limit: 101 });
          }
          // Manual order of one task's subtasks, or of the top level.
          if (sort === 'position') {
            for (const parentId of [randomUUID(), null]) {
              for (const after of [null, { value: 'a0', id: randomUUID() }]) {
                criteria.push({ ownerId: 'x', status, sort, order, search: null, priorities: null, due: null, parentId, after, limit: 101 });
                // The top level of one list, named by id or as the inbox.
                for (const listId of [randomUUID(), 'inbox']) {
                  criteria.push({ ownerId: 'x', status, sort, order, search: null, priorities: null, due: null, parentId, listId, after, limit: 101 });
                }
              }
            }
          }
          // A due-date range on the order's own index: still one index walk, in order.
          if (sort === 'due_date') {
            criteria.push({ ownerId: 'x', status, sort, order, search: null, priorities: null, due: { from: '1900-01-01', to: '2026-11-24' }, after: null, limit: 101 });
          }
        }
      }
    }
    // `set local` in one transaction, so the setting applies to the very connection that explains. On tables
    // this small, scanning any index and sorting a row or two costs what walking the right index does: forbid
    // sorting too, so that the plan shows whether an index serves the order (a Sort then remains only if none does).
    const plans = await database.session.work(async (unit) => {
      await unit.transaction();
      await unit.query({ text: 'set local enable_seqscan = off', values: [] });
      await unit.query({ text: 'set local enable_sort = off', values: [] });
      const explained: [string, string][] = [];
      for (const criterion of criteria) {
        const { text, values } = listTasksStatement(criterion);
        const rows = await unit.query<{ 'QUERY PLAN': string }>({ text: `explain ${text}`, values });
        explained.push([JSON.stringify(criterion), rows.map((row) => row['QUERY PLAN']).join('\n')]);
      }
      return explained;
    }, { locking: false });
    for (const [label, plan] of plans) {
      expect(plan, label).to.match(/Index (Only )?Scan/);
      expect(plan, label).to.not.match(SORT_NODE);
    }
  });

  describe('with a user of 3,000 tasks, few of which match each filter', () => {
    const owner = `many-${randomUUID()}`;
    before(async () => {
      // Every other task completed; 10 pending ones of high priority; 12 pending ones due on the 8th, 18th or 28th
      // of November 2026, 4 on each; the rest without a due date and of priority none. ANALYZE, as autovacuum would.
      await storeTestList(database.session, UserId.from(owner));
      await database.orm.em.getConnection().execute(
        `insert into tasks (id, user_id, title, completed, completed_at, created_at, updated_at, priority, due_date, position, list_id)
         select gen_random_uuid(), ?, 'Task ' || i, i % 2 = 0, case when i % 2 = 0 then now() end,
                now() - i * interval '1 second', now() - i * interval '1 second',
                case when i % 300 = 1 then 3 else 0 end,
                case when i % 250 = 7 then date '2026-11-01' + (i % 30) end,
                'b' || lpad(i::text, 4, '0'), ?
         from generate_series(1, 3000) as i`,
        [owner, TaskMother.listOf(UserId.from(owner)).value],
      );
      await database.orm.em.getConnection().execute('analyze tasks');
    });
    after(async () => {
      await database.orm.em.getConnection().execute('delete from tasks where user_id = ?', [owner]);
    });

    /**
     * Rows the statement's scans of `tasks` read, matched or filtered out, per EXPLAIN ANALYZE: in all, and within
     * its sub-queries; and whether any scan of it was sequential.
     */
    async function rowsRead({ text, values }: Sql): Promise<{ rows: number; inSubqueries: number; sequential: boolean }> {
      const [row] = await database.session.query<{ 'QUERY PLAN': any }>({ text: `explain (analyze, format json) ${text}`, values });
      const read = { rows: 0, inSubqueries: 0, sequential: false };
      const visit = (node: any, inSubquery: boolean) => {
        const subquery = inSubquery || /^(InitPlan|SubPlan)$/.test(node['Parent Relationship'] ?? '');
        // Of the tasks table: the lookup of a user's inbox in `task_lists`, a small table in these tests, may read it whole.
        // Scans of a relation or an index; a subquery's scan hands on rows its own scans read, counted there.
        const scansStorage = /Scan/.test(node['Node Type']) && !/^(Subquery|CTE|Function) Scan$/.test(node['Node Type']);
        if (scansStorage && (node['Relation Name'] ?? 'tasks') === 'tasks') {
          const rows = (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0)) * node['Actual Loops'];
          read.rows += rows;
          if (subquery) read.inSubqueries += rows;
          read.sequential ||= node['Node Type'] === 'Seq Scan';
        }
        for (const child of node.Plans ?? []) visit(child, subquery);
      };
      visit(row!['QUERY PLAN'][0].Plan, false);
      return read;
    }

    /** The plan PostgreSQL chooses for the statement (`explain`), as text. */
    async function planOf({ text, values }: Sql): Promise<string> {
      const rows = await database.session.query<{ 'QUERY PLAN': string }>({ text: `explain ${text}`, values });
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    }

    /** Every owner-wide order, each in a direction or both. */
    const ownerWideSorts = [
      ['created_at', 'desc'],
      ['updated_at', 'asc'],
      ['title', 'asc'],
      ['due_date', 'asc'],
      ['due_date', 'desc'],
      ['priority', 'desc'],
      ['priority', 'asc'],
    ] as const;

    it('reaches the matching tasks through an index for every new filter, whatever the sort, never reading all the user’s rows', async () => {
      const filters: Pick<TaskListCriteria, 'priorities' | 'due' | 'status'>[] = [
        { priorities: ['high'], due: null, status: 'all' },
        { priorities: ['medium', 'high'], due: null, status: 'pending' },
        { priorities: null, due: { from: '2026-11-10', to: '2026-11-20' }, status: 'all' },
        { priorities: null, due: { from: '2026-11-15', to: '9999-12-31' }, status: 'all' },
        // What overdue=true asks for: pending, due up to yesterday.
        { priorities: null, due: { from: '1900-01-01', to: '2026-11-15' }, status: 'pending' },
      ];
      for (const filter of filters) {
        for (const [sort, order] of ownerWideSorts) {
          const criterion: TaskListCriteria = { ownerId: owner, sort, order, search: null, after: null, limit: 101, ...filter };
          const { rows, sequential } = await rowsRead(listTasksStatement(criterion));
          const label = JSON.stringify(criterion);
          expect(sequential, label).to.equal(false);
          expect(rows, label).to.be.at.most(100);
        }
      }
    });

    it('lists each status through its own index in every order, and every status by merging the two, reading a page', async () => {
      for (const [sort, order] of ownerWideSorts) {
        for (const status of ['pending', 'completed', 'all'] as const) {
          const criterion: TaskListCriteria = { ownerId: owner, status, sort, order, search: null, priorities: null, due: null, after: null, limit: 101 };
          const statement = listTasksStatement(criterion);
          const { rows, sequential } = await rowsRead(statement);
          const plan = await planOf(statement);
          const label = `${JSON.stringify(criterion)}\n${plan}`;
          expect(sequential, label).to.equal(false);
          expect(plan, label).to.not.match(SORT_NODE);
          if (status === 'pending' || status === 'completed') {
            // The status's own index (tasks of the other status are not in it): the page and no other row.
            expect(plan, label).to.match(status === 'pending' ? /tasks_user_pending_\w+_idx/ : /tasks_user_done_\w+_idx/);
            expect(rows, label).to.be.at.most(101);
          } else {
            // Both, merged in order: the page, and the next row of the index the page did not end in.
            expect(plan, label).to.match(/Merge Append/).and.match(/tasks_user_pending_\w+_idx/).and.match(/tasks_user_done_\w+_idx/);
            expect(rows, label).to.be.at.most(101 + 1);
          }
        }
      }
    });

    describe('and subtasks', () => {
      let parentId: string;
      before(async () => {
        // 40 subtasks under one of the user's tasks, half of them completed; the rest stay on the top level.
        const connection = database.orm.em.getConnection();
        const [parent] = await connection.execute<{ id: string }[]>(`select id from tasks where user_id = ? order by position limit 1`, [owner]);
        parentId = parent!.id;
        await connection.execute(
          `update tasks set parent_id = ?, position = 'c' || lpad(n::text, 4, '0')
           from (select id as child, row_number() over (order by position) as n from tasks where user_id = ? and id <> ? order by position limit 40) children
           where id = children.child`,
          [parentId, owner, parentId],
        );
        await connection.execute('analyze tasks');
      });
      after(async () => {
        await database.orm.em.getConnection().execute('update tasks set parent_id = null where user_id = ?', [owner]);
      });

      const sorts = [
        ['position', 'asc'],
        ['position', 'desc'],
        ['created_at', 'desc'],
        ['title', 'asc'],
        ['due_date', 'asc'],
        ['priority', 'desc'],
      ] as const;

      it('reaches one task’s subtasks through the sibling key, whatever the sort, reading those rows alone', async () => {
        for (const [sort, order] of sorts) {
          for (const after of [null, { value: sort === 'position' ? 'c0010' : null, id: randomUUID() }]) {
            if (after && sort !== 'position') continue;
            const criterion: TaskListCriteria = { ownerId: owner, status: 'all', sort, order, search: null, priorities: null, due: null, parentId, after, limit: 21 };
            const { text, values } = listTasksStatement(criterion);
            const { rows, sequential } = await rowsRead({ text, values });
            const label = JSON.stringify(criterion);
            expect(sequential, label).to.equal(false);
            // The 40 subtasks, counted twice where a bitmap scan reads them in the index and then in the table.
            expect(rows, label).to.be.at.most(2 * 40);
            const plan = await planOf({ text, values });
            // A first page starts at the group's key; past a cursor the planner may also walk the owner's order index,
            // which the bound on rows read above keeps honest.
            expect(plan, label).to.match(after ? /tasks_sibling_position_key|tasks_user_position_idx/ : /tasks_sibling_position_key/);
            // Manual order comes from the key itself; another order sorts the subtasks, and no more rows than them.
            if (sort === 'position') expect(plan, label).to.not.match(SORT_NODE);
          }
        }
      });

      it('walks the top level and the whole manual order on an index, without sorting, reading about one page', async () => {
        for (const [sort, order] of sorts) {
          for (const parentFilter of [{ parentId: null }, {}]) {
            const criterion: TaskListCriteria = { ownerId: owner, status: 'all', sort, order, search: null, priorities: null, due: null, ...parentFilter, after: null, limit: 101 };
            const { text, values } = listTasksStatement(criterion);
            const { rows, sequential } = await rowsRead({ text, values });
            const label = JSON.stringify(criterion);
            expect(sequential, label).to.equal(false);
            // A page, at most the subtasks skipped on the way, and the row past the page where two indexes merge.
            expect(rows, label).to.be.at.most(101 + 40 + 1);
            const plan = await planOf({ text, values });
            expect(plan, label).to.not.match(SORT_NODE);
          }
        }
      });
    });

    describe('and 10 of them labelled, beside another user whose 3,000 tasks all carry that label', () => {
      const neighbour = `neighbour-${randomUUID()}`;
      before(async () => {
        const sql = database.orm.em.getConnection();
        await sql.execute(
          `update tasks set labels = '{Rare}', label_keys = '{rare}' where user_id = ? and position in (select position from tasks where user_id = ? order by position limit 10)`,
          [owner, owner],
        );
        await storeTestList(database.session, UserId.from(neighbour));
        await sql.execute(
          `insert into tasks (id, user_id, title, completed, created_at, updated_at, position, labels, label_keys, list_id)
           select gen_random_uuid(), ?, 'Task ' || i, false, now(), now(), 'b' || lpad(i::text, 4, '0'), '{rare,Common}', '{rare,common}', ?
           from generate_series(1, 3000) as i`,
          [neighbour, TaskMother.listOf(UserId.from(neighbour)).value],
        );
        await sql.execute('analyze tasks');
      });
      after(async () => {
        await database.orm.em.getConnection().execute('delete from tasks where user_id = ?', [neighbour]);
        await database.orm.em.getConnection().execute('delete from task_lists where user_id = ?', [neighbour]);
      });

      it('reaches the labelled tasks through the owner-scoped label index, whatever the sort, reading only them', async () => {
        for (const [sort, order] of [
          ['created_at', 'desc'],
          ['updated_at', 'asc'],
          ['title', 'asc'],
          ['due_date', 'asc'],
          ['priority', 'desc'],
        ] as const) {
          for (const labels of [['rare'], ['rare', 'common']]) {
            const criterion: TaskListCriteria = {
              ownerId: owner, status: 'all', sort, order, search: null, priorities: null, due: null, labels, after: null, limit: 101,
            };
            const statement = listTasksStatement(criterion);
            const label = JSON.stringify(criterion);
            const plan = await planOf(statement);
            expect(plan, label).to.include('tasks_user_label_terms_idx');
            const { rows, sequential } = await rowsRead(statement);
            expect(sequential, label).to.equal(false);
            // The owner's 10 labelled tasks, each seen by the index and the heap: none of the neighbour's 3,000.
            expect(rows, label).to.be.at.most(30);
            expect(await readModel.list(criterion), label).to.have.length(10);
          }
        }
      });
    });

    describe('and 10 of them repeating', () => {
      before(async () => {
        const sql = database.orm.em.getConnection();
        await sql.execute(
          `update tasks set repeat = 'FREQ=DAILY' where user_id = ? and id in (select id from tasks where user_id = ? and due_date is not null order by id limit 10)`,
          [owner, owner],
        );
        await sql.execute('analyze tasks');
      });
      after(async () => {
        await database.orm.em.getConnection().execute('update tasks set repeat = null where user_id = ?', [owner]);
      });

      it('reaches the repeating tasks through their own index, whatever the sort and status, reading only them', async () => {
        for (const [sort, order] of [
          ['created_at', 'desc'],
          ['updated_at', 'asc'],
          ['title', 'asc'],
          ['due_date', 'asc'],
          ['due_date', 'desc'],
          ['priority', 'desc'],
          ['position', 'asc'],
        ] as const) {
          for (const status of ['all', 'pending'] as const) {
            const criterion: TaskListCriteria = {
              ownerId: owner, status, sort, order, search: null, priorities: null, due: null, repeating: true, after: null, limit: 101,
            };
            const label = JSON.stringify(criterion);
            const { text, values } = listTasksStatement(criterion);
            const plan = await planOf({ text, values });
            expect(plan, label).to.include('tasks_user_repeating_idx');
            const { rows, sequential } = await rowsRead({ text, values });
            expect(sequential, label).to.equal(false);
            // The owner's 10 repeating tasks, not their 3,000.
            expect(rows, label).to.be.at.most(30);
            expect((await readModel.list(criterion)).every((task) => task.repeat === 'FREQ=DAILY'), label).to.equal(true);
          }
        }
      });

      it('lists the tasks that do not repeat, most of them, walking the sort’s index and reading about one page', async () => {
        for (const [sort, order] of [
          ['created_at', 'desc'],
          ['title', 'asc'],
          ['due_date', 'asc'],
          ['priority', 'desc'],
        ] as const) {
          const criterion: TaskListCriteria = {
            ownerId: owner, status: 'all', sort, order, search: null, priorities: null, due: null, repeating: false, after: null, limit: 101,
          };
          const label = JSON.stringify(criterion);
          const { rows, sequential } = await rowsRead(listTasksStatement(criterion));
          expect(sequential, label).to.equal(false);
          // A page, the repeating tasks skipped on the way, and the row past the page where the two statuses merge.
          expect(rows, label).to.be.at.most(101 + 10 + 1);
          expect(await readModel.list(criterion), label).to.have.length(101);
        }
      });
    });

    describe('and three lists: the inbox with most of them, 60 in one list and 40 in another, spread over every order', () => {
      const work = randomUUID();
      const home = randomUUID();
      before(async () => {
        const sql = database.orm.em.getConnection();
        await sql.execute(
          `insert into task_lists (id, user_id, name, is_inbox, position, created_at, updated_at)
           values (?, ?, 'Work', false, 'a1', now(), now()), (?, ?, 'Home', false, 'a2', now(), now())`,
          [work, owner, home, owner],
        );
        await sql.execute(
          `update tasks set list_id = case when substr(title, 6)::int % 50 = 3 then ?::uuid else ?::uuid end
           where user_id = ? and (substr(title, 6)::int % 50 = 3 or substr(title, 6)::int % 75 = 11)`,
          [work, home, owner],
        );
        await sql.execute('analyze tasks');
      });
      after(async () => {
        const sql = database.orm.em.getConnection();
        await sql.execute('update tasks set list_id = ? where user_id = ?', [TaskMother.listOf(UserId.from(owner)).value, owner]);
        await sql.execute('delete from task_lists where user_id = ? and not is_inbox', [owner]);
      });

      const sorts = [
        ['created_at', 'desc'],
        ['created_at', 'asc'],
        ['updated_at', 'desc'],
        ['title', 'asc'],
        ['due_date', 'asc'],
        ['due_date', 'desc'],
        ['priority', 'desc'],
        ['position', 'asc'],
      ] as const;

      it('reaches one list’s tasks through the list’s index, whatever the sort and status, reading only that list’s rows', async () => {
        for (const [listId, size] of [[work, 60], [home, 40]] as const) {
          for (const [sort, order] of sorts) {
            for (const status of ['all', 'pending'] as const) {
              const [counted] = await database.orm.em
                .getConnection()
                .execute<{ count: number }[]>('select count(*)::int as count from tasks where user_id = ? and list_id = ? and (? or not completed)', [
                  owner,
                  listId,
                  status === 'all',
                ]);
              for (const limit of [21, 101]) {
                const criterion: TaskListCriteria = { ownerId: owner, status, sort, order, search: null, priorities: null, due: null, listId, after: null, limit };
                const label = JSON.stringify(criterion);
                const { rows, sequential } = await rowsRead(listTasksStatement(criterion));
                expect(sequential, label).to.equal(false);
                // The list's rows, counted twice where a bitmap scan reads them in the index and then in the table.
                expect(rows, label).to.be.at.most(2 * size);
                const listed = await readModel.list(criterion);
                expect(listed, label).to.have.length(Math.min(limit, counted!.count));
                expect(listed.every((task) => task.list_id === listId), label).to.equal(true);
              }
            }
          }
        }
      });

      it('resolves the inbox in the statement, reading a page in its default order, never the other lists’ rows past it', async () => {
        const inboxSize = 3000 - 60 - 40;
        for (const [sort, order] of sorts) {
          const criterion: TaskListCriteria = { ownerId: owner, status: 'all', sort, order, search: null, priorities: null, due: null, listId: 'inbox', after: null, limit: 101 };
          const label = JSON.stringify(criterion);
          const { rows, sequential } = await rowsRead(listTasksStatement(criterion));
          expect(sequential, label).to.equal(false);
          // In the list's own order (its index), about a page, and the other lists' rows on the way at most. In another
          // order each status is walked on its own index or, when the planner takes the list's index for it, read from
          // that and sorted: a list that holds most of the user's tasks is then read whole for each status, but
          // nothing outside it.
          expect(rows, label).to.be.at.most(sort === 'created_at' ? 101 + 100 + 1 : 2 * inboxSize);
          const listed = await readModel.list(criterion);
          expect(listed, label).to.have.length(101);
          expect(listed.every((task) => task.list_id === TaskMother.listOf(UserId.from(owner)).value), label).to.equal(true);
        }
      });

      it('walks the sibling key for a list’s top level in manual order, without a sort, reading one page', async () => {
        for (const listId of [work, home, 'inbox']) {
          for (const order of ['asc', 'desc'] as const) {
            for (const after of [null, { value: 'b1500', id: randomUUID() }]) {
              const criterion: TaskListCriteria = {
                ownerId: owner, status: 'all', sort: 'position', order, search: null, priorities: null, due: null, parentId: null, listId, after, limit: 21,
              };
              const label = JSON.stringify(criterion);
              const statement = listTasksStatement(criterion);
              const explained = await planOf(statement);
              expect(explained, label).to.include('tasks_sibling_position_key');
              expect(explained, label).to.not.match(SORT_NODE);
              const { rows, sequential } = await rowsRead(statement);
              expect(sequential, label).to.equal(false);
              expect(rows, label).to.be.at.most(21 + 1);
            }
          }
        }
      });
    });

    it('counts in one pass over the user’s rows, with one plan whatever the day, kept by the prepared statement', async () => {
      const { inSubqueries } = await rowsRead(taskStatsStatement(owner, '2026-11-18'));
      // The totals read every row of the user's, by index or (as they are most of the table here) sequentially; the
      // late and due-today counts read no other.
      expect(inSubqueries).to.equal(0);
      expect(await readModel.stats(owner, '2026-11-18')).to.deep.equal({ total: 3000, pending: 1500, completed: 1500, overdue: 4, due_today: 4 });

      // On one connection, as a pool's: after PostgreSQL's first custom plans, the named statement runs on its generic
      // plan instead of being planned again for each day.
      const plans = await database.session.work(
        async (unit) => {
          await unit.transaction();
          const onTheUnit = new PostgresTaskReadModel(unit);
          for (let day = 1; day <= 12; day++) await onTheUnit.stats(owner, `2026-11-${String(day).padStart(2, '0')}`);
          const [row] = await unit.query<{ generic_plans: string; custom_plans: string }>({
            text: 'select generic_plans, custom_plans from pg_prepared_statements where statement = $1',
            values: [taskStatsStatement(owner, '2026-11-01').text],
          });
          return row;
        },
        { locking: false },
      );
      expect(Number(plans?.generic_plans), JSON.stringify(plans)).to.be.at.least(6);
    });
  });
});
