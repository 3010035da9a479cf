import { expect } from 'chai';
import { ServiceUnavailableError } from '../../../../src/application/errors.js';
import { DomainValidationError, TaskNotFoundError } from '../../../../src/domain/index.js';
import { createLogger } from '../../../../src/infrastructure/logging/logger.js';
import { batchText, runBatch } from '../../../../src/interfaces/mcp/tool-batch.js';

describe('MCP batches', () => {
  let logged: any[];
  const log = () => createLogger('error', { write: (line: string) => logged.push(JSON.parse(line)) });
  beforeEach(() => {
    logged = [];
  });

  const act = async (item: string) => {
    if (item === 'invalid') throw DomainValidationError.of('title', 'Title must not be empty');
    if (item === 'missing') throw new TaskNotFoundError();
    if (item === 'down') throw new ServiceUnavailableError('Database unavailable', 5);
    if (item === 'bug') throw new TypeError('cannot read properties of undefined');
    return { done: item };
  };

  it('does every good item, and reports each failure about an item in its place', async () => {
    const outcome = await runBatch(['a', 'invalid', 'missing', 'b'], act, { idOf: (item) => (item === 'missing' ? 'id-1' : undefined), log: log(), tool: 'test' });

    expect(outcome).to.deep.equal({
      results: [
        { index: 0, ok: true, done: 'a' },
        { index: 1, ok: false, error: { code: 'validation_failed', field: 'title', message: 'title: Title must not be empty' } },
        { index: 2, ok: false, id: 'id-1', error: { code: 'task_not_found', field: 'id', message: 'No task with id "id-1" among your tasks; use an id that find_tasks or add_tasks returned' } },
        { index: 3, ok: true, done: 'b' },
      ],
      succeeded: 2,
      failed: 2,
    });
    expect(logged).to.deep.equal([]);
  });

  for (const [what, failing, code] of [
    ['the service is unavailable', 'down', 'service_unavailable'],
    ['a failure nobody foresaw', 'bug', 'internal_error'],
  ] as const) {
    it(`does not attempt the items after one that failed because ${what}`, async () => {
      const outcome = await runBatch(['a', failing, 'b', 'c'], act, { idOf: (item) => item, log: log(), tool: 'test' });

      expect(outcome.results.map((result) => (result.ok ? 'ok' : result.error.code))).to.deep.equal(['ok', code, 'not_attempted', 'not_attempted']);
      const skipped = outcome.results[2]!;
      expect(skipped).to.deep.include({ index: 2, id: 'b', ok: false });
      expect(skipped.ok ? '' : skipped.error.message).to.match(/^Not attempted, since item 1 failed: /);
      expect(logged.length).to.equal(code === 'internal_error' ? 1 : 0);
    });
  }

  it('tells what was done, then what failed and why', async () => {
    const outcome = await runBatch(['a', 'missing', 'b'], act, { idOf: (item) => (item === 'missing' ? 'id-1' : undefined), log: log(), tool: 'test' });

    expect(batchText(outcome, 'Added', ({ done }) => `- ${done}`)).to.equal(
      'Added 2 of 3; 1 failed.\n- a\n- b\n- item 1 (id id-1) failed: No task with id "id-1" among your tasks; use an id that find_tasks or add_tasks returned',
    );
    expect(batchText(await runBatch(['a'], act, { log: log(), tool: 'test' }), 'Added', ({ done }) => `- ${done}`)).to.equal('Added 1 of 1.\n- a');
  });
});
