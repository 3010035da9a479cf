import { expect } from 'chai';
import { TaskChangeStreams } from '../../../../src/application/changes/task-change-streams.js';
import type { Change } from '../../../../src/application/changes/task-change.js';
import { ChangeLogExpiredError, InvalidQueryError } from '../../../../src/application/errors.js';
import type { LoggedTaskChange, TaskChangeLog } from '../../../../src/application/ports/task-change-log.js';
import { TaskChangeHub } from '../../../../src/infrastructure/events/task-change-hub.js';
import { InMemoryTaskChangeLog } from '../../../../src/infrastructure/persistence/in-memory/in-memory-task-change-log.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { RecordedTaskEvents } from '../../../support/recorded-task-events.js';

const cursor = (seq: number) => String(seq).padStart(16, '0');
const tick = () => new Promise((resolve) => setImmediate(resolve));

async function settled(condition: () => boolean): Promise<void> {
  for (let round = 0; round < 200 && !condition(); round++) await tick();
  expect(condition(), 'condition never held').to.equal(true);
}

describe('TaskChangeStreams', () => {
  let events: RecordedTaskEvents;
  let hub: TaskChangeHub;
  let streams: TaskChangeStreams;

  beforeEach(() => {
    events = new RecordedTaskEvents();
    hub = new TaskChangeHub();
    streams = new TaskChangeStreams(new InMemoryTaskChangeLog(events), hub);
  });

  it('starts after the latest change without Last-Event-ID, and sends each later change once, in order', async () => {
    events.record('alice', 'task.created', 'old');
    const stream = await streams.open('alice');
    const sent: Change[] = [];
    const running = stream.run({ write: (change) => void sent.push(change) });
    await tick();
    expect(sent).to.deep.equal([]);

    const seq2 = events.record('alice', 'task.created', 'two');
    const seq3 = events.record('alice', 'task.created', 'three');
    // Signals repeated, out of order, stale and "read again": still each change exactly once.
    hub.publish('alice', seq3);
    hub.publish('alice', seq2);
    hub.publish('alice', seq3);
    hub.publishToAll();
    hub.publish('alice', 1);
    await settled(() => sent.length >= 2);
    await tick();
    expect(sent.map((change) => change.id)).to.deep.equal([cursor(2), cursor(3)]);
    expect(stream.position).to.equal(cursor(3));

    stream.close();
    await running;
    expect(hub.subscriberCount).to.equal(0);
  });

  it('replays what was missed after a Last-Event-ID before following live changes', async () => {
    for (let index = 1; index <= 250; index++) events.record('alice', 'task.created', `task ${index}`);
    const stream = await streams.open('alice', cursor(20));
    const sent: string[] = [];
    void stream.run({ write: (change) => void sent.push(change.id) });
    await settled(() => sent.length >= 230);
    events.record('alice');
    hub.publish('alice', 251);
    await settled(() => sent.length >= 231);
    expect(sent).to.deep.equal(Array.from({ length: 231 }, (_, index) => cursor(index + 21)));
    stream.close();
  });

  it('waits for a slow sink without losing or repeating changes signalled meanwhile', async () => {
    const stream = await streams.open('alice', cursor(0));
    const sent: string[] = [];
    let release: () => void = () => undefined;
    void stream.run({
      write: (change) =>
        new Promise<void>((resolve) => {
          sent.push(change.id);
          release = resolve;
        }),
    });
    const seq1 = events.record('alice');
    hub.publish('alice', seq1);
    await settled(() => sent.length === 1);
    const seq2 = events.record('alice');
    hub.publish('alice', seq2); // arrives while the first write is still pending
    const seq3 = events.record('alice');
    hub.publish('alice', seq3);
    for (let round = 0; round < 3; round++) {
      release();
      await tick();
      await tick();
    }
    await settled(() => sent.length === 3);
    expect(sent).to.deep.equal([cursor(1), cursor(2), cursor(3)]);
    stream.close();
  });

  it('refuses a malformed Last-Event-ID, or one beyond the user’s log, and subscribes to nothing then', async () => {
    events.record('bob');
    events.record('bob');
    events.record('alice');
    await expectRejection(streams.open('alice', 'garbage'), InvalidQueryError);
    await expectRejection(streams.open('alice', cursor(2)), InvalidQueryError);
    expect(hub.subscriberCount).to.equal(0);
  });

  it('refuses a Last-Event-ID at or below what compaction removed', async () => {
    for (let index = 0; index < 4; index++) events.record('alice');
    events.compactThrough('alice', 2);
    await expectRejection(streams.open('alice', cursor(2)), ChangeLogExpiredError);
    const stream = await streams.open('alice', cursor(3));
    const sent: string[] = [];
    void stream.run({ write: (change) => void sent.push(change.id) });
    await settled(() => sent.length === 1);
    expect(sent).to.deep.equal([cursor(4)]);
    stream.close();
  });

  it('resets a stream, and ends it, when changes it had still to send were compacted away meanwhile', async () => {
    for (let index = 0; index < 3; index++) events.record('alice');
    const stream = await streams.open('alice', cursor(1));
    // Between opening and reading: the log is compacted past where the stream stands.
    events.compactThrough('alice', 2);
    const sent: string[] = [];
    const resets: string[] = [];
    await stream.run({ write: (change) => void sent.push(change.id), reset: (reason) => void resets.push(reason) });
    expect(sent).to.deep.equal([]);
    expect(resets).to.deep.equal(['compacted']);
    expect(hub.subscriberCount).to.equal(0);
  });

  it('ends with the error when the log cannot be read, and lets go of its subscription', async () => {
    const failing: TaskChangeLog = {
      position: async () => ({ lastSeq: 0, erasedThrough: 0, compactedThrough: 0 }),
      readAfter: async (): Promise<LoggedTaskChange[]> => {
        throw new Error('database gone');
      },
    };
    const stream = await new TaskChangeStreams(failing, hub).open('alice');
    await expectRejection(stream.run({ write: () => undefined }), Error);
    expect(hub.subscriberCount).to.equal(0);
  });
});
