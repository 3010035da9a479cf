/** Zero-setup PostgreSQL: data survives restarts, and an unreachable database is a 503, not a 500. */
import { expect } from 'chai';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startService } from '../../../../src/http-service.js';
import { issueSharedSecretToken } from '../../../../src/infrastructure/auth/shared-secret-token-issuer.js';
import { loadConfig } from '../../../../src/infrastructure/config/config.js';
import { createLogger } from '../../../../src/infrastructure/logging/logger.js';
import { EmbeddedDatabase } from '../../../../src/infrastructure/persistence/embedded-database.js';
import { TEST_SECRET } from '../../../support/test-service.js';

describe('Embedded PostgreSQL', function () {
  this.timeout(120_000);
  let dataDir: string;
  const logger = createLogger('silent');

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tasks-embedded-'));
    await chmod(dataDir, 0o755);
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const authorized = async (userId: string) => ({ Authorization: `Bearer ${await issueSharedSecretToken(TEST_SECRET, userId, { ttlSeconds: 60 })}` });

  it('starts with no DATABASE_URL, keeps data under DATA_DIR across restarts, and stops cleanly', async () => {
    const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', BETTER_AUTH_SECRET: TEST_SECRET, LOG_LEVEL: 'silent' });
    const headers = await authorized('restart-user');

    const first = await startService(config, logger);
    const created = await fetch(`${first.url}/api/tasks`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'Survives restarts' }),
    });
    expect(created.status).to.equal(201);
    const task = (await created.json()) as { id: string };
    await first.stop();

    const second = await startService(config, logger);
    try {
      const read = await fetch(`${second.url}/api/tasks/${task.id}`, { headers });
      expect(read.status).to.equal(200);
      expect(await read.json()).to.deep.equal(task);
    } finally {
      await second.stop();
    }
  });

  it('joins a cluster another process already runs on the same data directory', async () => {
    const owner = await EmbeddedDatabase.start(dataDir, logger);
    try {
      const joiner = await EmbeddedDatabase.start(dataDir, logger);
      expect(joiner.url).to.equal(owner.url);
      await joiner.stop(); // must not stop the owner's cluster
      const config = loadConfig({ DATABASE_URL: owner.url, PORT: '0', BETTER_AUTH_SECRET: TEST_SECRET, LOG_LEVEL: 'silent' });
      const service = await startService(config, logger);
      const ready = await fetch(`${service.url}/readyz`);
      await service.stop();
      expect(ready.status).to.equal(200);
    } finally {
      await owner.stop();
    }
  });

  it('answers 503 with Retry-After while the database is down', async () => {
    const database = await EmbeddedDatabase.start(dataDir, logger);
    const config = loadConfig({ DATABASE_URL: database.url, PORT: '0', BETTER_AUTH_SECRET: TEST_SECRET, LOG_LEVEL: 'silent' });
    const service = await startService(config, logger);
    try {
      await database.stop();
      const headers = await authorized('outage-user');
      const list = await fetch(`${service.url}/api/tasks`, { headers });
      expect(list.status).to.equal(503);
      expect(list.headers.get('retry-after')).to.equal('5');
      expect(list.headers.get('content-type')).to.match(/problem\+json/);
      const create = await fetch(`${service.url}/api/tasks`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify({ title: 'during outage' }),
      });
      expect(create.status).to.equal(503);
      const ready = await fetch(`${service.url}/readyz`);
      expect(ready.status).to.equal(503);
    } finally {
      await service.stop();
    }
  });
});
