/**
 * What only the PostgreSQL change log has to show: events stored before due dates and priorities existed, and
 * reads served by the primary key. What it answers is the `TaskChangeLog` contract's (tests/support/contracts).
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { TaskChangeLog } from '../../../../../src/application/ports/task-change-log.js';
import { Database } from '../../../../../src/infrastructure/persistence/postgres/database.js';
import { createPostgresAdapters } from '../../../../support/postgres-adapters.js';
import { testDatabaseUrl } from '../../../../support/test-database.js';
import { SORT_NODE } from '../../../../support/query-plans.js';

describe('PostgreSQL change log: stored events and index use', () => {
  let database: Database;
  let log: TaskChangeLog;

  before(async () => {
    database = await Database.connect(await testDatabaseUrl());
    log = createPostgresAdapters(database.session).changeLog;
  });
  after(async () => {
    await database.close();
  });

  it('reads a task recorded before due dates and priorities existed as having neither', async () => {
    const owner = `owner-${randomUUID()}`;
    const taskId = randomUUID();
    const stored = {
      id: taskId, user_id: owner, title: 'Old', description: null, completed: false, completed_at: null,
      created_at: '2026-11-25T10:00:00.000Z', updated_at: '2026-11-25T10:00:00.000Z', version: 1,
    };
    await database.orm.em.getConnection().execute(
      `insert into task_events (user_id, seq, type, task_id, occurred_at, task) values (?, 1, 'task.created', ?, now(), ?::jsonb)`,
      [owner, taskId, JSON.stringify(stored)],
    );

    const [change] = await log.readAfter(owner, 0, 10);

    expect(change!.task).to.deep.equal({
      ...stored, due_date: null, priority: 'none', list_id: null, parent_id: null, position: 'a0', labels: [], repeat: null, repeat_from: 'due',
    });
    expect(Object.keys(change!.task!)).to.deep.equal([
      'id', 'user_id', 'title', 'description', 'due_date', 'priority', 'completed', 'completed_at', 'list_id', 'parent_id', 'position', 'labels',
      'repeat', 'repeat_from', 'created_at', 'updated_at', 'version',
    ]);
  });

  it('reads after a position with a range scan of the primary key, without sorting', async () => {
    // `set local` in one transaction: a plain `set` could land on another pooled connection than the explain.
    const rows = await database.orm.em.fork().transactional(async (em) => {
      // Small test tables tempt the planner to scan and sort; forbid that to see the ordered path exists.
      await em.execute('set local enable_seqscan = off');
      await em.execute('set local enable_bitmapscan = off');
      return em.execute(`explain select * from task_events where user_id = 'x' and seq > 5 order by seq limit 100`);
    });
    const plan = rows.map((row: any) => row['QUERY PLAN']).join('\n');
    expect(plan).to.match(/Index Scan using task_events_pkey/);
    expect(plan).to.not.match(SORT_NODE);
  });
});
