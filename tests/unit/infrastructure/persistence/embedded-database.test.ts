import { expect } from 'chai';
import { chmod, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../../../src/infrastructure/logging/logger.js';
import { letOthersTraverse } from '../../../../src/infrastructure/persistence/embedded-database.js';

describe('embedded database: reaching the cluster from a private directory', () => {
  it('adds only the search bit for others to ancestors that lack it', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'tasks-traverse-'));
    try {
      const privateDir = path.join(root, 'home');
      const target = path.join(privateDir, 'project', 'node_modules', 'native');
      await mkdir(target, { recursive: true });
      await chmod(privateDir, 0o700);
      await chmod(path.join(privateDir, 'project'), 0o750);

      await letOthersTraverse([target], createLogger('silent'));

      expect((await stat(privateDir)).mode & 0o777).to.equal(0o701);
      expect((await stat(path.join(privateDir, 'project'))).mode & 0o777).to.equal(0o751);
      expect((await stat(target)).mode & 0o777).to.equal(0o755); // the target itself is left as it is
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
