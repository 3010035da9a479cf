/**
 * The client's types are generated from the OpenAPI document; this fails when the committed file no longer
 * matches the document the service serves, so a change to the API cannot ship without its client.
 */
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { CLIENT_SCHEMA_FILE, renderClientSchema } from '../../scripts/client-schema.js';

describe('client: generated types', () => {
  it('client/src/schema.ts is what openapi-typescript makes of the current OpenAPI document', async () => {
    const committed = await readFile(CLIENT_SCHEMA_FILE, 'utf8');
    const generated = await renderClientSchema();
    // Compare line by line first, so a failure names the first line that differs rather than two long strings.
    const committedLines = committed.split('\n');
    const generatedLines = generated.split('\n');
    const firstDifference = generatedLines.findIndex((line, index) => line !== committedLines[index]);
    expect(
      committed === generated,
      `client/src/schema.ts is out of date (first difference at line ${firstDifference + 1}); run: npm run client:generate`,
    ).to.equal(true);
  });

  it('describes the task resource and every path of the API', async () => {
    const generated = await renderClientSchema();
    for (const path of ['/api/tasks', '/api/tasks/{id}', '/api/tasks/{id}/complete', '/api/tasks/stats', '/api/tasks/changes', '/api/events']) {
      expect(generated, path).to.include(`"${path}": {`);
    }
    expect(generated).to.match(/\n {8}Task: \{\n/);
  });
});
