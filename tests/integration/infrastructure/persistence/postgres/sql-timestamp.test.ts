/** Timestamps read straight from SQL are written exactly as the JS side writes them. */
import { expect } from 'chai';
import pg from 'pg';
import { isoTimestamp } from '../../../../../src/infrastructure/persistence/postgres/sql-timestamp.js';
import { testDatabaseUrl } from '../../../../support/test-database.js';

describe('isoTimestamp (SQL)', () => {
  let client: pg.Client;

  before(async () => {
    client = new pg.Client({ connectionString: await testDatabaseUrl() });
    await client.connect();
  });
  after(async () => {
    await client.end();
  });

  it('writes what Date.prototype.toISOString writes, whatever the session’s time zone', async () => {
    const instants = ['1970-01-01T00:00:00.000Z', '2026-11-25T10:00:00.007Z', '2026-03-29T01:30:59.999Z', '2099-12-31T23:59:59.500Z'].map(
      (text) => new Date(text),
    );
    for (const zone of ['UTC', 'Pacific/Auckland', 'America/St_Johns']) {
      await client.query(`set time zone '${zone}'`);
      for (const instant of instants) {
        const { rows } = await client.query<{ text: string }>(`select ${isoTimestamp('$1::timestamptz')} as text`, [instant.toISOString()]);
        expect(rows[0]!.text, `${instant.toISOString()} in ${zone}`).to.equal(instant.toISOString());
      }
    }
  });
});
