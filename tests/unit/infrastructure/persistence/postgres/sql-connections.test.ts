/**
 * How `SqlConnections` hands a statement to the driver: named after its text (prepared once per connection) by
 * default, unnamed with `preparedStatements: false`. No database: the connection records what it is given.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { expect } from 'chai';
import type pg from 'pg';
import { SqlConnections, type SqlConnection } from '../../../../../src/infrastructure/persistence/postgres/sql-connections.js';

/** A driver connection that answers every statement with no rows and keeps what it was sent. */
function recordingConnection(): { connection: SqlConnection; sent: pg.QueryConfig[] } {
  const sent: pg.QueryConfig[] = [];
  const connection = { query: async (statement: pg.QueryConfig) => (sent.push(statement), { rows: [] }) };
  return { connection: connection as unknown as SqlConnection, sent };
}

/** Just enough of MikroORM for the constructor to find knex's client; these tests never borrow a connection. */
const orm = { em: { getConnection: () => ({ getKnex: () => ({ client: {} }) }) } } as unknown as MikroORM;

const LOOKUP = { text: 'select id from tasks where id = $1 and user_id = $2', values: ['t-1', 'alice'] };
const COUNT = { text: 'select count(*) from tasks where user_id = $1', values: ['alice'] };

describe('SqlConnections', () => {
  it('sends each statement named after its text by default: the same name for the same text, another for another', async () => {
    const { connection, sent } = recordingConnection();
    const connections = new SqlConnections(orm);
    await connections.run(connection, LOOKUP);
    await connections.run(connection, { ...LOOKUP, values: ['t-2', 'bob'] });
    await connections.run(connection, COUNT);

    const [first, second, third] = sent.map((statement) => statement.name);
    expect(first).to.match(/^tasks_api_[0-9a-f]{20}$/);
    expect(second).to.equal(first);
    expect(third).to.match(/^tasks_api_[0-9a-f]{20}$/).and.not.equal(first);
    expect(sent[1]).to.deep.include({ text: LOOKUP.text, values: ['t-2', 'bob'] });
  });

  it('sends statements unnamed, text and values only, when prepared statements are off', async () => {
    const { connection, sent } = recordingConnection();
    const connections = new SqlConnections(orm, { preparedStatements: false });
    await connections.run(connection, LOOKUP);
    await connections.run(connection, { text: 'begin', values: [] });

    expect(sent).to.deep.equal([
      { text: LOOKUP.text, values: LOOKUP.values },
      { text: 'begin', values: [] },
    ]);
    expect(sent.every((statement) => !('name' in statement))).to.equal(true);
  });

  it('shows the observer every statement, whichever way it is sent', async () => {
    for (const preparedStatements of [true, false]) {
      const { connection } = recordingConnection();
      const observed: string[] = [];
      const connections = new SqlConnections(orm, { preparedStatements, observe: (sql) => observed.push(sql.text) });
      await connections.run(connection, LOOKUP);
      await connections.run(connection, COUNT);
      expect(observed, `preparedStatements: ${preparedStatements}`).to.deep.equal([LOOKUP.text, COUNT.text]);
    }
  });
});
