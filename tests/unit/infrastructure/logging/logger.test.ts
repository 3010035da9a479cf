import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bufferedOutput, createLogger, serializeError } from '../../../../src/infrastructure/logging/logger.js';

const LOGGER_MODULE = fileURLToPath(new URL('../../../../src/infrastructure/logging/logger.ts', import.meta.url));

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

  describe('standard output', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'logs-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('writes lines in chunks, a lone line within a moment', async () => {
      const file = path.join(dir, 'out.log');
      const output = bufferedOutput(openSync(file, 'w'));
      try {
        const logger = createLogger('info', output);
        logger.info('one line');
        // Held for the next chunk: nothing written yet…
        expect(readFileSync(file, 'utf8')).to.equal('');
        // …and written by the periodic flush.
        const deadline = Date.now() + 5_000;
        while (!readFileSync(file, 'utf8').includes('one line') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
        expect(readFileSync(file, 'utf8')).to.include('"msg":"one line"');
      } finally {
        // Closes the file too.
        await new Promise((resolve) => output.once('close', resolve).end());
      }
    });

    it('writes what is pending when the process exits', () => {
      const script = `import { createLogger } from ${JSON.stringify(LOGGER_MODULE)};
        const logger = createLogger('info');
        for (let i = 0; i < 3; i++) logger.info('line ' + i);
        process.exit(0);`;
      const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });

      expect(result.status, result.stderr).to.equal(0);
      expect(result.stdout.trim().split('\n').map((line) => JSON.parse(line).msg)).to.deep.equal(['line 0', 'line 1', 'line 2']);
    });
  });
});
