import { expect } from 'chai';
import { createLogger, serializeError } from '../../../../src/infrastructure/logging/logger.js';

describe('logger', () => {
  it('keeps a database error’s kind and reason but not the statement or the values in it', () => {
    const error = Object.assign(
      new Error(`insert into "tasks" ("title", "user_id") values ('Secret plan', 'alice') - value too long for type character varying(200)`),
      { code: '22001', sqlState: '22001', detail: 'Failing row contains (Secret plan, alice).', sql: 'insert …', params: ['Secret plan'] },
    );
    const logged = JSON.stringify(serializeError(Object.assign(new Error('wrapped'), { cause: error })));
    expect(logged).to.include('value too long').and.include('22001');
    expect(logged).to.not.include('Secret plan').and.not.include('alice');
  });

  it('writes serialized errors and redacts tokens', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => lines.push(line) });
    logger.error({ err: Object.assign(new Error('select * from tasks where title = $1 - boom'), { code: 'XX000' }), token: 'eyJ.secret' }, 'failed');
    const entry = JSON.parse(lines[0]!);
    expect(entry.err.message).to.equal('boom');
    expect(entry.token).to.equal('[redacted]');
  });
});
