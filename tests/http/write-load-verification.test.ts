/**
 * The check the crash tests and the chaos script rely on (`WriteLoad.verify`) finds what it is there to find:
 * a lost acknowledged write, a change log that no longer matches the tasks, a change half applied.
 */
import { expect } from 'chai';
import pg from 'pg';
import { testDatabaseUrl } from '../support/test-database.js';
import { TestService, useTestService } from '../support/test-service.js';
import { WriteLoad } from '../support/write-load.js';

describe('WriteLoad: the check after a crash', () => {
  const service = useTestService();
  let sql: pg.Client;

  before(async () => {
    sql = new pg.Client({ connectionString: await testDatabaseUrl() });
    await sql.connect();
  });
  after(async () => {
    await sql.end();
  });

  async function loaded(): Promise<{ load: WriteLoad; users: string[] }> {
    const users = [TestService.newUserId('checked'), TestService.newUserId('checked')];
    const tokens = new Map(await Promise.all(users.map(async (user) => [user, await service.tokenFor(user)] as const)));
    const load = new WriteLoad({ tokens, clients: 4, url: service.url });
    load.start();
    for (let waited = 0; load.stats.acknowledged < 20 && waited < 10_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    await load.stop();
    expect(load.stats.acknowledged).to.be.at.least(20);
    return { load, users };
  }

  it('finds nothing wrong when nothing went wrong', async () => {
    const { load } = await loaded();
    expect((await load.verify(service.url)).problems).to.deep.equal([]);
  });

  it('finds an acknowledged task that is gone, with its events', async () => {
    const { load, users } = await loaded();
    // Either user's task: under load, the random deletes may have left one of them with none.
    const { rows } = await sql.query<{ id: string; user_id: string }>('select id, user_id from tasks where user_id = any($1) limit 1', [users]);
    expect(rows).to.have.length(1);
    const [task] = rows as [{ id: string; user_id: string }];
    await sql.query('delete from task_events where user_id = $1 and task_id = $2', [task.user_id, task.id]);
    await sql.query('delete from tasks where id = $1 and user_id = $2', [task.id, task.user_id]);

    const { problems } = await load.verify(service.url);
    expect(problems.some((problem) => problem.includes('acknowledged change missing from the log'))).to.equal(true);
    expect(problems.some((problem) => problem.includes(`${task.id} is null, acknowledged as`))).to.equal(true);
  });

  it('finds a task changed without its change in the log (half applied)', async () => {
    const { load, users } = await loaded();
    // Either user's task: under load, the random deletes may have left one of them with none.
    const { rows } = await sql.query<{ user_id: string }>(
      `update tasks set title = 'changed behind the log', version = version + 1
       where id = (select id from tasks where user_id = any($1) limit 1) returning user_id`,
      [users],
    );
    expect(rows).to.have.length(1);

    const { problems } = await load.verify(service.url);
    expect(problems).to.include(`${rows[0]!.user_id}: replaying the change log does not give the task list`);
  });
});
