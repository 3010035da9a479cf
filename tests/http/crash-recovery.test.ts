/**
 * Hard crashes under a stream of writes from 16 clients, with the service as a real process: `kill -9` of the
 * service (on its embedded PostgreSQL, and on a DATABASE_URL), and `kill -9` of the embedded PostgreSQL's
 * postmaster. After a restart, every acknowledged change is there, the one in flight at the crash happened
 * wholly or not at all, and each user's change log replays to their task list. Each test runs on a database
 * of its own; the shared test database is never touched by a kill.
 */
import { expect } from 'chai';
import { issueSharedSecretToken } from '../../src/infrastructure/auth/shared-secret-token-issuer.js';
import {
  embeddedPassword,
  embeddedPostmaster,
  isAlive,
  newDataDir,
  removeDataDir,
  ServiceProcess,
  waitForExit,
} from '../support/service-process.js';
import { createScratchDatabase, testDatabaseUrl } from '../support/test-database.js';
import { TEST_SECRET, TestService } from '../support/test-service.js';
import { WriteLoad } from '../support/write-load.js';

const CLIENTS = 16;
const USERS = 4;

async function tokensFor(label: string): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  for (let index = 0; index < USERS; index++) {
    const user = TestService.newUserId(`${label}${index}`);
    tokens.set(user, await issueSharedSecretToken(TEST_SECRET, user, { ttlSeconds: 3600 }));
  }
  return tokens;
}

/** Waits until `count()` reaches `target` (the load is well under way), or `timeoutMs` passes. */
async function until(count: () => number, target: number, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (count() < target && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Secrets that must never be in a log: the signing secret, the users' tokens, the database password. */
function expectNoSecretsIn(logs: string, secrets: readonly string[]): void {
  for (const secret of secrets) expect(logs.includes(secret), 'a secret in the logs').to.equal(false);
}

describe('Crash recovery: kill -9 under a stream of writes', function () {
  this.timeout(300_000);

  it('loses nothing acknowledged when the service is killed, on its embedded PostgreSQL', async () => {
    const dataDir = await newDataDir('crash-embedded');
    const env = { BETTER_AUTH_SECRET: TEST_SECRET };
    const services: ServiceProcess[] = [];
    try {
      services.push(await ServiceProcess.start({ dataDir, env }));
      const tokens = await tokensFor('crash');
      const load = new WriteLoad({ tokens, clients: CLIENTS, url: services[0]!.url });
      load.start();
      await until(() => load.stats.acknowledged, 200);
      await services[0]!.kill();
      const acknowledgedAtKill = load.stats.acknowledged;

      // The killed service's PostgreSQL is still running: the new one joins it.
      services.push(await ServiceProcess.start({ dataDir, env }));
      load.retarget(services[1]!.url);
      await until(() => load.stats.acknowledged, acknowledgedAtKill + 100);
      await load.stop();

      const { problems, changes } = await load.verify(services[1]!.url);
      expect(problems).to.deep.equal([]);
      expect(load.stats.acknowledged, 'writes acknowledged after the restart').to.be.greaterThan(acknowledgedAtKill);
      expect(changes).to.be.at.least(load.stats.acknowledged);
      expect(Object.keys(load.stats.statuses).filter((status) => Number(status) >= 500)).to.deep.equal([]);
      expectNoSecretsIn(services.map((service) => service.logs).join('\n'), [TEST_SECRET, ...tokens.values(), await embeddedPassword(dataDir)]);
      expect(await services[1]!.stop()).to.equal(0);
    } finally {
      await Promise.all(services.map((service) => service.kill()));
      await removeDataDir(dataDir);
    }
  });

  it('loses nothing acknowledged when the service is killed, on a DATABASE_URL', async () => {
    const database = await createScratchDatabase(await testDatabaseUrl(), 'crash');
    const dataDir = await newDataDir('crash-url');
    const env = { BETTER_AUTH_SECRET: TEST_SECRET, DATABASE_URL: database.url };
    const services: ServiceProcess[] = [];
    try {
      services.push(await ServiceProcess.start({ dataDir, env }));
      const tokens = await tokensFor('crash-url');
      const load = new WriteLoad({ tokens, clients: CLIENTS, url: services[0]!.url });
      load.start();
      await until(() => load.stats.acknowledged, 200);
      await services[0]!.kill();
      const acknowledgedAtKill = load.stats.acknowledged;
      await sleep(300); // a moment with nobody listening: requests are refused, not in doubt

      services.push(await ServiceProcess.start({ dataDir, env }));
      load.retarget(services[1]!.url);
      await until(() => load.stats.acknowledged, acknowledgedAtKill + 100);
      await load.stop();

      const { problems } = await load.verify(services[1]!.url);
      expect(problems).to.deep.equal([]);
      expect(load.stats.acknowledged).to.be.greaterThan(acknowledgedAtKill);
      expect(load.stats.notSent, 'requests while nobody listened').to.be.greaterThan(0);
      expect(Object.keys(load.stats.statuses).filter((status) => Number(status) >= 500)).to.deep.equal([]);
      expectNoSecretsIn(services.map((service) => service.logs).join('\n'), [TEST_SECRET, ...tokens.values(), new URL(database.url).password].filter(Boolean));
      expect(await services[1]!.stop()).to.equal(0);
    } finally {
      await Promise.all(services.map((service) => service.kill()));
      await removeDataDir(dataDir);
      await database.drop();
    }
  });

  it('loses nothing acknowledged when the embedded PostgreSQL is killed: 503 meanwhile, whole again after a restart', async () => {
    const dataDir = await newDataDir('crash-postgres');
    const env = { BETTER_AUTH_SECRET: TEST_SECRET };
    const services: ServiceProcess[] = [];
    try {
      services.push(await ServiceProcess.start({ dataDir, env }));
      const tokens = await tokensFor('crash-pg');
      const load = new WriteLoad({ tokens, clients: CLIENTS, url: services[0]!.url });
      load.start();
      await until(() => load.stats.acknowledged, 200);
      const postmaster = (await embeddedPostmaster(dataDir))!;
      process.kill(postmaster.pid, 'SIGKILL');
      await waitForExit(postmaster.pid);
      const acknowledgedAtKill = load.stats.acknowledged;
      await until(() => load.stats.statuses[503] ?? 0, 20);

      // The service answers 503 (never 500) while its database is gone, and still stops cleanly.
      expect(load.stats.statuses[503] ?? 0, 'requests answered 503').to.be.greaterThan(0);
      expect(await services[0]!.stop()).to.equal(0);
      expect(services[0]!.logs).to.include('the embedded PostgreSQL stopped unexpectedly');

      // A new service starts the cluster again, which recovers from its write-ahead log.
      services.push(await ServiceProcess.start({ dataDir, env }));
      expect((await embeddedPostmaster(dataDir))!.pid).to.not.equal(postmaster.pid);
      load.retarget(services[1]!.url);
      await until(() => load.stats.acknowledged, acknowledgedAtKill + 100);
      await load.stop();

      const { problems } = await load.verify(services[1]!.url);
      expect(problems).to.deep.equal([]);
      expect(load.stats.acknowledged).to.be.greaterThan(acknowledgedAtKill);
      expect(Object.keys(load.stats.statuses).filter((status) => Number(status) >= 500 && status !== '503')).to.deep.equal([]);
      expectNoSecretsIn(services.map((service) => service.logs).join('\n'), [TEST_SECRET, ...tokens.values(), await embeddedPassword(dataDir)]);
      const restarted = (await embeddedPostmaster(dataDir))!;
      expect(await services[1]!.stop()).to.equal(0);
      expect(isAlive(restarted.pid), 'the cluster stopped with the service that started it').to.equal(false);
    } finally {
      await Promise.all(services.map((service) => service.kill()));
      await removeDataDir(dataDir);
    }
  });
});
