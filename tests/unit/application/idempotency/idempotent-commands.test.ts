import { expect } from 'chai';
import { CreateTaskCommand } from '../../../../src/application/commands/create-task.js';
import { UpdateTaskCommand } from '../../../../src/application/commands/update-task.js';
import {
  IdempotencyKeyReusedError,
  IdempotentRequestInProgressError,
  InvalidIdempotencyKeyError,
} from '../../../../src/application/errors.js';
import { parseIdempotencyKey } from '../../../../src/application/idempotency/idempotent-commands.js';
import type { TaskView } from '../../../../src/application/ports/task-read-model.js';
import { ListTasksQuery } from '../../../../src/application/queries/list-tasks.js';
import { DomainValidationError, type TaskRepository } from '../../../../src/domain/index.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { createInMemoryApplication } from '../../../support/in-memory-application.js';
import { ALICE, BOB } from '../../../support/task-mother.js';

const create = (title = 'Buy milk', owner = ALICE.value) => new CreateTaskCommand(owner, title);

describe('IdempotentCommands', () => {
  it('runs the command once and answers every repeat with the first answer, as a copy', async () => {
    const app = createInMemoryApplication();
    const first = await app.idempotentCommands.execute(ALICE.value, 'k1', create());
    app.clock.advance(60_000);
    const again = await app.idempotentCommands.execute(ALICE.value, 'k1', create());
    expect(first.replayed).to.equal(false);
    expect(again).to.deep.equal({ result: first.result, replayed: true });
    expect(again.result).to.not.equal(first.result);
    const tasks = await app.queries.execute(new ListTasksQuery(ALICE.value));
    expect(tasks.items).to.have.length(1);
    expect(app.store.events(ALICE.value)).to.have.length(1);
  });

  it('refuses a key reused for another command or another input', async () => {
    const app = createInMemoryApplication();
    const { result } = await app.idempotentCommands.execute(ALICE.value, 'k1', create('One'));
    await expectRejection(app.idempotentCommands.execute(ALICE.value, 'k1', create('Two')), IdempotencyKeyReusedError);
    await expectRejection(
      app.idempotentCommands.execute(ALICE.value, 'k1', new UpdateTaskCommand(ALICE.value, (result as TaskView).id, { title: 'One' })),
      IdempotencyKeyReusedError,
    );
    expect((await app.idempotentCommands.execute(BOB.value, 'k1', create('Two'))).replayed).to.equal(false);
  });

  it('tells requests apart by due date and priority too, and a request without them from one that names them', async () => {
    const app = createInMemoryApplication();
    await app.idempotentCommands.execute(ALICE.value, 'k1', new CreateTaskCommand(ALICE.value, 'One', null, '2026-12-01', 'high'));
    const replay = await app.idempotentCommands.execute(ALICE.value, 'k1', new CreateTaskCommand(ALICE.value, 'One', null, '2026-12-01', 'high'));
    expect(replay.replayed).to.equal(true);
    for (const other of [
      new CreateTaskCommand(ALICE.value, 'One', null, '2026-12-02', 'high'),
      new CreateTaskCommand(ALICE.value, 'One', null, '2026-12-01', 'low'),
      new CreateTaskCommand(ALICE.value, 'One', null),
    ]) {
      await expectRejection(app.idempotentCommands.execute(ALICE.value, 'k1', other), IdempotencyKeyReusedError);
    }
  });

  it('frees the key when the command fails, so a corrected retry runs', async () => {
    const app = createInMemoryApplication();
    await expectRejection(app.idempotentCommands.execute(ALICE.value, 'k1', create('  ')), DomainValidationError);
    expect(app.idempotencyStore.size).to.equal(0);
    expect((await app.idempotentCommands.execute(ALICE.value, 'k1', create('Fixed'))).replayed).to.equal(false);
  });

  it('answers "in progress" to a repeat while the first is running, and the first still completes', async () => {
    let release: () => void = () => undefined;
    let saving: () => void = () => undefined;
    const saveStarted = new Promise<void>((resolve) => (saving = resolve));
    const app = createInMemoryApplication({
      decorateRepository: (repository): TaskRepository => ({
        findOwned: (owner, id) => repository.findOwned(owner, id),
        ancestorsOf: (owner, id) => repository.ancestorsOf(owner, id),
        lastPositionUnder: (owner, parent, list) => repository.lastPositionUnder(owner, parent, list),
        descendantsOf: (owner, id) => repository.descendantsOf(owner, id),
        tasksInList: (owner, list) => repository.tasksInList(owner, list),
        subtreeHeight: (owner, id) => repository.subtreeHeight(owner, id),
        gapBeside: (owner, group, neighbour, moving) => repository.gapBeside(owner, group, neighbour, moving),
        findOwnedWithLabels: (owner, keys, limit) => repository.findOwnedWithLabels(owner, keys, limit),
        persist: async (task) => {
          saving();
          await new Promise<void>((resolve) => (release = resolve));
          return repository.persist(task);
        },
      }),
    });
    const running = app.idempotentCommands.execute(ALICE.value, 'k1', create());
    await saveStarted;
    const repeat = await expectRejection(app.idempotentCommands.execute(ALICE.value, 'k1', create()), IdempotentRequestInProgressError);
    expect(repeat.retryAfterSeconds).to.equal(1);
    await expectRejection(app.idempotentCommands.execute(ALICE.value, 'k1', create('Other')), IdempotencyKeyReusedError);
    release();
    expect((await running).replayed).to.equal(false);
  });

  it('lets a retry take over a key whose attempt went stale, and undoes the stale attempt if it ever finishes', async () => {
    let release: () => void = () => undefined;
    let saving: () => void = () => undefined;
    const saveStarted = new Promise<void>((resolve) => (saving = resolve));
    let calls = 0;
    const app = createInMemoryApplication({
      decorateRepository: (repository): TaskRepository => ({
        findOwned: (owner, id) => repository.findOwned(owner, id),
        ancestorsOf: (owner, id) => repository.ancestorsOf(owner, id),
        lastPositionUnder: (owner, parent, list) => repository.lastPositionUnder(owner, parent, list),
        descendantsOf: (owner, id) => repository.descendantsOf(owner, id),
        tasksInList: (owner, list) => repository.tasksInList(owner, list),
        subtreeHeight: (owner, id) => repository.subtreeHeight(owner, id),
        gapBeside: (owner, group, neighbour, moving) => repository.gapBeside(owner, group, neighbour, moving),
        findOwnedWithLabels: (owner, keys, limit) => repository.findOwnedWithLabels(owner, keys, limit),
        persist: async (task) => {
          if (calls++ === 0) {
            saving();
            await new Promise<void>((resolve) => (release = resolve)); // the first attempt hangs here
          }
          return repository.persist(task);
        },
      }),
    });
    const stuck = app.idempotentCommands.execute(ALICE.value, 'k1', create());
    await saveStarted;
    app.clock.advance(61_000);
    const retry = app.idempotentCommands.execute(ALICE.value, 'k1', create()); // claims the key, then queues behind
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await expectRejection(stuck, IdempotentRequestInProgressError);
    const retried = await retry;
    expect(retried.replayed).to.equal(false);
    const tasks = await app.queries.execute(new ListTasksQuery(ALICE.value));
    expect(tasks.items.map((task) => task.id)).to.deep.equal([(retried.result as TaskView).id]);
    expect((await app.idempotentCommands.execute(ALICE.value, 'k1', create())).result).to.deep.equal(retried.result);
  });

  it('forgets keys after 24 hours, and purges old ones as it goes', async () => {
    const app = createInMemoryApplication();
    const first = await app.idempotentCommands.execute(ALICE.value, 'old', create('Old'));
    app.clock.advance(24 * 60 * 60 * 1000 + 1000);
    const fresh = await app.idempotentCommands.execute(ALICE.value, 'old', create('New'));
    expect(fresh.replayed).to.equal(false);
    expect((fresh.result as TaskView).id).to.not.equal((first.result as TaskView).id);

    await app.idempotentCommands.execute(ALICE.value, 'other', create('Other'));
    app.clock.advance(24 * 60 * 60 * 1000 + 1000);
    await app.idempotentCommands.execute(ALICE.value, 'new', create('Newest'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(app.idempotencyStore.size).to.equal(1);
  });

  it('clears a backlog of expired keys larger than one batch in one round', async () => {
    const app = createInMemoryApplication();
    for (let index = 0; index < 2500; index++) await app.idempotentCommands.execute(ALICE.value, `bulk-${index}`, create(`Task ${index}`));
    app.clock.advance(24 * 60 * 60 * 1000 + 1000);
    // The first request after start-up purges; the next round is minutes away, so this one must finish the job.
    await app.idempotentCommands.execute(BOB.value, 'trigger', create('Trigger', BOB.value));
    for (let tick = 0; tick < 10; tick++) await new Promise((resolve) => setImmediate(resolve));
    expect(app.idempotencyStore.size).to.equal(1);
  });

  it('accepts 1-255 printable ASCII characters as a key, and nothing else', () => {
    for (const key of ['a', 'k'.repeat(255), 'with spaces ~!@#$%^&*()', '01935f0e-7b7c-7cc2-9f1e-2a0c8f4f8f11']) {
      expect(parseIdempotencyKey(key)).to.equal(key);
    }
    for (const key of ['', 'k'.repeat(256), 'tab\there', 'line\nbreak', 'naïve', 'emoji 🙂', '\u007f']) {
      expect(() => parseIdempotencyKey(key), JSON.stringify(key)).to.throw(InvalidIdempotencyKeyError);
    }
  });
});
