/** The NOTIFY side of change notifications: what goes out, and how many statements it takes under load. */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { TaskChangeNotifier } from '../../../../src/infrastructure/events/task-change-notifier.js';
import { decodeTaskChangeNotifications, TASK_CHANGES_CHANNEL } from '../../../../src/infrastructure/events/task-change-notification.js';
import { Database } from '../../../../src/infrastructure/persistence/postgres/database.js';
import { SqlConnections, type Sql } from '../../../../src/infrastructure/persistence/postgres/sql-connections.js';
import { SqlSession } from '../../../../src/infrastructure/persistence/postgres/write-path/sql-session.js';
import { eventually } from '../../../support/eventually.js';
import { testDatabaseUrl } from '../../../support/test-database.js';

/** A notifying statement as sent: when, how many payloads, and the owners and positions in them. */
interface Sent {
  readonly at: number;
  readonly payloads: number;
  readonly owners: Record<string, number>;
}

// The event loop's clock counts whole milliseconds, so a timer can end up to one early by `performance.now()`, and the
// statement is recorded a moment after the notifier decides to send it.
const TIMER_SLACK_MS = 2;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('TaskChangeNotifier', () => {
  let database: Database;
  let listener: pg.Client;
  const heard: string[] = [];

  before(async () => {
    database = await Database.connect(await testDatabaseUrl());
    listener = new pg.Client({ connectionString: database.url });
    await listener.connect();
    listener.on('notification', (message) => {
      if (message.channel === TASK_CHANGES_CHANNEL && message.payload) heard.push(message.payload);
    });
    await listener.query(`listen ${TASK_CHANGES_CHANNEL}`);
  });
  after(async () => {
    await listener.end();
    await database.close();
  });

  /** A notifier whose statements are recorded as they are sent. */
  function notifier(minIntervalMs: number): { notifier: TaskChangeNotifier; sent: Sent[] } {
    const sent: Sent[] = [];
    const observe = (sql: Sql) => {
      if (!sql.text.includes('pg_notify')) return;
      const payloads = sql.values[1] as string[];
      const owners: Record<string, number> = {};
      for (const { ownerId, seq } of payloads.flatMap((payload) => decodeTaskChangeNotifications(payload)!)) owners[ownerId] = seq;
      sent.push({ at: performance.now(), payloads: payloads.length, owners });
    };
    const session = new SqlSession(new SqlConnections(database.orm, { observe }));
    return { notifier: new TaskChangeNotifier(session, undefined, minIntervalMs), sent };
  }

  it('sends a change after a quiet spell at once, and gathers what follows within the interval into one statement', async () => {
    const interval = 1_000;
    const { notifier: notify, sent } = notifier(interval);
    const [a, b, c] = [`a-${randomUUID()}`, `b-${randomUUID()}`, `c-${randomUUID()}`];

    const start = performance.now();
    notify.changed(a, 1);
    await notify.flush();
    expect(sent.map((statement) => statement.owners)).to.deep.equal([{ [a]: 1 }]);
    expect(sent[0]!.at - start, 'the first change waits for no interval').to.be.below(interval);

    notify.changed(b, 1);
    await sleep(20);
    notify.changed(c, 4);
    notify.changed(b, 2);
    await notify.flush();
    // One statement and one payload for the three, with each owner's latest position, no sooner than the interval
    // after the first.
    expect(sent.map((statement) => statement.owners)).to.deep.equal([{ [a]: 1 }, { [b]: 2, [c]: 4 }]);
    expect(sent.map((statement) => statement.payloads)).to.deep.equal([1, 1]);
    expect(sent[1]!.at - sent[0]!.at).to.be.at.least(interval - TIMER_SLACK_MS);

    // Every one of them reaches a listener.
    const mine = () => heard.flatMap((payload) => decodeTaskChangeNotifications(payload) ?? []).filter(({ ownerId }) => [a, b, c].includes(ownerId));
    await eventually(() => mine().length >= 3, 5_000, 'the three owners to be heard');
    expect(mine()).to.deep.equal([
      { ownerId: a, seq: 1 },
      { ownerId: b, seq: 2 },
      { ownerId: c, seq: 4 },
    ]);
  });

  it('sends at most one statement per interval under a steady flow of changes, and every owner’s last position in the end', async () => {
    const interval = 50;
    const { notifier: notify, sent } = notifier(interval);
    const owners = Array.from({ length: 5 }, (_, index) => `owner-${index}-${randomUUID()}`);
    const start = performance.now();
    const latest: Record<string, number> = {};
    let changes = 0;
    // A change every 2 ms for 300 ms, the owners in turn.
    while (performance.now() - start < 300) {
      changes += 1;
      const owner = owners[changes % owners.length]!;
      notify.changed(owner, changes);
      latest[owner] = changes;
      await sleep(2);
    }
    await notify.flush();

    const gaps = sent.slice(1).map((statement, index) => statement.at - sent[index]!.at);
    expect(gaps.every((gap) => gap >= interval - TIMER_SLACK_MS), `gaps between statements: ${gaps.map(Math.round).join(', ')} ms`).to.equal(true);
    expect(sent.length).to.be.below(changes / 5);
    const last: Record<string, number> = {};
    for (const statement of sent) Object.assign(last, statement.owners);
    expect(last).to.deep.equal(latest);
  });
});
