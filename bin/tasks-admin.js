#!/usr/bin/env node
// `tasks-admin`. In a checkout it runs the TypeScript source through tsx (as `npm run admin` does), so what
// runs is always what you read, with no build step after `npm install`; where only the build was deployed
// (no src/), it runs the compiled CLI from dist/ (`npm run build`).
import { existsSync } from 'node:fs';
import { URL, fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const source = new URL('src/interfaces/cli/main.ts', root);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: fileURLToPath(new URL('tsconfig.json', root)) });
  await import(source.href);
} else {
  await import(new URL('dist/src/interfaces/cli/main.js', root).href);
}
