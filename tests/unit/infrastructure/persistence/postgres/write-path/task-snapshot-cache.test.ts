import { expect } from 'chai';
import { TaskSnapshotCache } from '../../../../../../src/infrastructure/persistence/postgres/write-path/task-snapshot-cache.js';
import type { TaskSnapshot } from '../../../../../../src/domain/index.js';

const snapshot = (id: string, ownerId = 'alice', version = 1): TaskSnapshot => ({
  id,
  ownerId,
  title: `Task ${id}`,
  description: null,
  dueDate: null,
  priority: 'none',
  completed: false,
  listId: '00000000-0000-4000-8000-000000000001',
  parentId: null,
  position: 'a0',
  labels: [],
  repeat: null,
  repeatFrom: 'due',
  completedAt: null,
  createdAt: new Date('2026-12-01T00:00:00.000Z'),
  updatedAt: new Date('2026-12-01T00:00:00.000Z'),
  version,
});

describe('TaskSnapshotCache', () => {
  it('gives a remembered task back to its owner only', () => {
    const cache = new TaskSnapshotCache();
    cache.remember(snapshot('t1', 'alice'));
    expect(cache.get('alice', 't1')?.title).to.equal('Task t1');
    expect(cache.get('mallory', 't1')).to.equal(undefined);
  });

  it('keeps the latest state of a task, and forgets a task on request', () => {
    const cache = new TaskSnapshotCache();
    cache.remember(snapshot('t1', 'alice', 1));
    cache.remember(snapshot('t1', 'alice', 2));
    expect(cache.get('alice', 't1')?.version).to.equal(2);
    cache.forget('t1');
    expect(cache.get('alice', 't1')).to.equal(undefined);
  });

  it('holds at most maxEntries tasks, forgetting the least recently used', () => {
    const cache = new TaskSnapshotCache(2);
    cache.remember(snapshot('a'));
    cache.remember(snapshot('b'));
    cache.get('alice', 'a'); // a is now the most recent
    cache.remember(snapshot('c')); // evicts b
    expect(cache.get('alice', 'b')).to.equal(undefined);
    expect(cache.get('alice', 'a')).to.not.equal(undefined);
    expect(cache.get('alice', 'c')).to.not.equal(undefined);
  });
});
