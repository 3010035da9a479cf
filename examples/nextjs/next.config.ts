import path from 'node:path';
import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // The typed client is linked from ../../client: let Turbopack read files up to the project root.
  turbopack: { root: path.join(__dirname, '..', '..') },
  outputFileTracingRoot: path.join(__dirname, '..', '..'),
};

export default nextConfig;
