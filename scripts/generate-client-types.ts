/** `npm run client:generate`: regenerates client/src/schema.ts from the service's OpenAPI document. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CLIENT_SCHEMA_FILE, renderClientSchema } from './client-schema.js';

const schema = await renderClientSchema();
const current = await readFile(CLIENT_SCHEMA_FILE, 'utf8').catch(() => null);
const where = path.relative(process.cwd(), CLIENT_SCHEMA_FILE);
if (current === schema) {
  process.stdout.write(`${where} is up to date\n`);
} else {
  await writeFile(CLIENT_SCHEMA_FILE, schema);
  process.stdout.write(`wrote ${where}\n`);
}
