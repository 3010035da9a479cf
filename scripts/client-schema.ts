/**
 * The typed client's types, generated from the service's own OpenAPI document with openapi-typescript.
 * `npm run client:generate` writes them to client/src/schema.ts; a test fails when the committed file differs
 * from what this produces, so the client can never drift from the API it talks to.
 */
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from 'openapi-typescript';
import { buildOpenApiDocument } from '../src/interfaces/http/openapi.js';

export const CLIENT_SCHEMA_FILE = fileURLToPath(new URL('../client/src/schema.ts', import.meta.url));

const HEADER = `${COMMENT_HEADER}// Generated from the tasks API's OpenAPI document: run \`npm run client:generate\` after changing the API.\n\n`;

/** The contents of client/src/schema.ts for the current OpenAPI document. */
export async function renderClientSchema(): Promise<string> {
  const ast = await openapiTS(buildOpenApiDocument() as OpenAPI3, { silent: true });
  return HEADER + astToString(ast);
}
