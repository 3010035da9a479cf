import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { NextConfig } from 'next';

const projectRoot = path.join(__dirname, '..', '..');

/**
 * The folder Next.js may read files from: the project root, where the typed client is linked from
 * (../../client), and — when the project's node_modules is a link to an install kept elsewhere — the folder
 * holding that install too, for the client's own packages (openapi-fetch). Turbopack resolves nothing outside it.
 */
function readableRoot(): string {
  let installed: string;
  try {
    installed = realpathSync(path.join(projectRoot, 'node_modules'));
  } catch {
    return projectRoot;
  }
  let root = realpathSync(projectRoot);
  while (path.relative(root, installed).startsWith('..')) root = path.dirname(root);
  return root;
}

const root = readableRoot();

const nextConfig: NextConfig = {
  turbopack: { root },
  outputFileTracingRoot: root,
};

export default nextConfig;
