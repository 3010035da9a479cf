/** Shutdown lets in-flight requests finish before the database goes away: no 500s, no lost or phantom writes. */
import { expect } from 'chai';
import { TestService } from '../support/test-service.js';

describe('HTTP: graceful shutdown', () => {
  it('finishes every request it accepted before closing the database', async () => {
    const service = await TestService.start();
    const userId = TestService.newUserId('shutdown');
    const user = await service.as(userId);
    const task = await user.createTask('Toggle while stopping');

    const toggles = Array.from({ length: 40 }, () => user.request('PATCH', `/api/tasks/${task.id}/complete`));
    const settled = Promise.allSettled(toggles);
    // Stop once the first toggle is answered: the rest are then queued behind the task's row lock.
    await Promise.race(toggles);
    await service.stop();
    const outcomes = await settled;

    const statuses = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value.status] : []));
    expect(statuses.every((status) => status === 200), `statuses: ${statuses.join(',')}`).to.equal(true);
    // Requests the server had not yet read are refused (the client may retry them); the rest complete.
    expect(statuses.length).to.be.greaterThan(1);

    const again = await TestService.start();
    try {
      const reader = await again.as(userId);
      const stored = await reader.request('GET', `/api/tasks/${task.id}`);
      // Exactly the toggles that were answered took effect.
      expect(stored.body.version).to.equal(1 + statuses.length);
    } finally {
      await again.stop();
    }
  });

  it('lets a handler finish even when its client hangs up, instead of closing the database under it', async () => {
    const logLines: string[] = [];
    const service = await TestService.start({}, { logs: { write: (line) => logLines.push(line) } });
    const user = await service.as(TestService.newUserId('hangup'));
    const task = await user.createTask('Abandoned toggles');

    const aborts = Array.from({ length: 30 }, () => new AbortController());
    const toggles = aborts.map((abort) =>
      fetch(`${service.url}/api/tasks/${task.id}/complete`, {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${user.token}` },
        signal: abort.signal,
      }),
    );
    const settled = Promise.allSettled(toggles);
    await Promise.race(toggles);
    for (const abort of aborts) abort.abort();
    await settled;
    await service.stop();

    const errors = logLines.map((line) => JSON.parse(line)).filter((entry) => entry.level >= 50);
    expect(errors.map((entry) => entry.err?.message ?? entry.msg)).to.deep.equal([]);
  });
});
