/** The migration that adds labels, run over a database holding tasks and events from before it. */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { Database } from '../../../../../../src/infrastructure/persistence/postgres/database.js';
import { MIGRATION_NAMES } from '../../../../../../src/infrastructure/persistence/postgres/migration-names.js';
import { createPostgresAdapters } from '../../../../../support/postgres-adapters.js';
import { createScratchDatabase, testDatabaseUrl } from '../../../../../support/test-database.js';

// Data is written at this schema; every migration after it then runs, as on a database upgraded from it.
const BEFORE_LABELS = 'Migration20261205200000_add_subtasks_and_order';
const LABELS = 'Migration20261205400000_add_labels';
// What a migration to the newest schema applies from before labels: labels, and every migration after it.
const FROM_LABELS = MIGRATION_NAMES.slice(MIGRATION_NAMES.indexOf(LABELS));

describe('Migration: labels', function () {
  this.timeout(60_000);
  let scratch: { url: string; drop(): Promise<void> };
  let database: Database;

  before(async () => {
    scratch = await createScratchDatabase(await testDatabaseUrl(), 'labels');
    database = await Database.connect(scratch.url);
  });
  after(async () => {
    await database?.close();
    await scratch?.drop();
  });

  it('gives existing tasks no labels, in their rows and their events, and makes them labellable and findable', async () => {
    await database.withMigrator((migrator) => migrator.up({ to: BEFORE_LABELS }));
    const sql = database.orm.em.getConnection();
    const owner = `owner-${randomUUID()}`;
    const id = randomUUID();
    await sql.execute(
      `insert into tasks (id, user_id, title, completed, created_at, updated_at, version, position) values (?, ?, 'Old', false, now(), now(), 1, 'a0')`,
      [id, owner],
    );
    const oldTask = { id, user_id: owner, title: 'Old', description: null, completed: false, completed_at: null, parent_id: null, position: 'a0' };
    await sql.execute(
      `insert into task_events (user_id, seq, type, task_id, occurred_at, task) values (?, 1, 'task.created', ?, now(), ?::jsonb)`,
      [owner, id, JSON.stringify(oldTask)],
    );

    expect(await database.migrate()).to.include(LABELS);

    const { readModel, changeLog } = createPostgresAdapters(database.session);
    expect(await readModel.findOne(owner, id)).to.deep.include({ labels: [] });
    const [change] = await changeLog.readAfter(owner, 0, 10);
    expect(change?.task).to.deep.include({ labels: [] });
    const [row] = (await sql.execute('select labels, label_keys from tasks where id = ?', [id])) as { labels: string[]; label_keys: string[] }[];
    expect(row).to.deep.equal({ labels: [], label_keys: [] });

    await sql.execute(`update tasks set labels = '{Work}', label_keys = '{work}' where id = ?`, [id]);
    const terms = (await sql.execute('select task_label_terms(user_id, label_keys) as terms from tasks where id = ?', [id])) as { terms: string[] }[];
    expect(terms[0]?.terms).to.deep.equal([`${owner}\u001fwork`]);
    const listed = await readModel.list({
      ownerId: owner,
      status: 'all',
      sort: 'created_at',
      order: 'desc',
      search: null,
      priorities: null,
      due: null,
      labels: ['work'],
      after: null,
      limit: 10,
    });
    expect(listed.map((task) => task.id)).to.deep.equal([id]);
    expect(await readModel.labels(owner)).to.deep.equal([{ name: 'Work', task_count: 1 }]);
  });

  it('goes down again, leaving the tasks as they were', async () => {
    // Down to before labels: the migrations after it first, then labels.
    await database.withMigrator((migrator) => migrator.down({ to: LABELS }));
    const sql = database.orm.em.getConnection();
    const columns = (await sql.execute(
      `select column_name from information_schema.columns where table_name = 'tasks' and column_name in ('labels', 'label_keys')`,
    )) as unknown[];
    expect(columns).to.deep.equal([]);
    expect(await database.migrate()).to.deep.equal(FROM_LABELS);
  });
});
