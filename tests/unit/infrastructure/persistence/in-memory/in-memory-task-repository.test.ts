import { expect } from 'chai';
import { TaskTitle } from '../../../../../src/domain/index.js';
import { InMemoryTaskRepository } from '../../../../../src/infrastructure/persistence/in-memory/in-memory-task-repository.js';
import { InMemoryTaskStore } from '../../../../../src/infrastructure/persistence/in-memory/in-memory-task-store.js';
import { expectRejection } from '../../../../support/expect-rejection.js';
import { ALICE, BOB, CREATED_AT, TaskMother } from '../../../../support/task-mother.js';

describe('InMemoryTaskRepository', () => {
  const later = new Date(CREATED_AT.getTime() + 1000);
  let store: InMemoryTaskStore;
  let repository: InMemoryTaskRepository;

  beforeEach(() => {
    store = new InMemoryTaskStore();
    repository = new InMemoryTaskRepository(store);
  });

  it('stores a new task together with its creation event', async () => {
    const task = TaskMother.created();

    await repository.persist(task);

    expect(store.task(task.id.value)).to.deep.equal(task.snapshot());
    expect(store.events(ALICE.value).map(({ seq, event }) => [seq, event.type, event.taskId])).to.deep.equal([
      [1, 'task.created', task.id.value],
    ]);
    expect(task.pullDomainEvents(), 'events are taken from the task').to.deep.equal([]);
  });

  it('finds the owner’s task, rebuilt with nothing recorded', async () => {
    const task = TaskMother.created();
    await repository.persist(task);

    const found = await repository.findOwned(ALICE, task.id);

    expect(found?.snapshot()).to.deep.equal(task.snapshot());
    expect(found?.pullDomainEvents()).to.deep.equal([]);
  });

  it('finds nothing for another owner or an unknown id', async () => {
    const task = TaskMother.created();
    await repository.persist(task);

    expect(await repository.findOwned(BOB, task.id)).to.equal(null);
    expect(await repository.findOwned(ALICE, TaskMother.id())).to.equal(null);
  });

  it('stores a change and its event', async () => {
    await repository.persist(TaskMother.created());
    const task = TaskMother.created();
    await repository.persist(task);
    const loaded = (await repository.findOwned(ALICE, task.id))!;

    loaded.complete(ALICE, later);
    await repository.persist(loaded);

    expect(store.task(task.id.value)).to.include({ completed: true, version: 2 });
    expect(store.events(ALICE.value).map(({ seq, event }) => [seq, event.type])).to.deep.equal([
      [1, 'task.created'],
      [2, 'task.created'],
      [3, 'task.completed'],
    ]);
  });

  it('removes a deleted task and records its deletion', async () => {
    const task = TaskMother.created();
    await repository.persist(task);
    const loaded = (await repository.findOwned(ALICE, task.id))!;

    loaded.delete(ALICE, later);
    await repository.persist(loaded);

    expect(store.task(task.id.value)).to.equal(undefined);
    expect(await repository.findOwned(ALICE, task.id)).to.equal(null);
    expect(store.events(ALICE.value).at(-1)?.event).to.include({ type: 'task.deleted', task: null });
  });

  it('writes nothing for a task that has not changed, so it cannot overwrite a newer one', async () => {
    const task = TaskMother.created();
    await repository.persist(task);
    const unchanged = (await repository.findOwned(ALICE, task.id))!;
    const changed = (await repository.findOwned(ALICE, task.id))!;
    changed.rename(ALICE, TaskTitle.from('Buy oat milk'), later);
    await repository.persist(changed);

    await repository.persist(unchanged);

    expect(store.task(task.id.value)).to.include({ title: 'Buy oat milk', version: 2 });
    expect(store.events(ALICE.value)).to.have.length(2);
  });

  it('refuses a change made to a copy older than the stored task', async () => {
    const task = TaskMother.created();
    await repository.persist(task);
    const first = (await repository.findOwned(ALICE, task.id))!;
    const second = (await repository.findOwned(ALICE, task.id))!;
    first.rename(ALICE, TaskTitle.from('First'), later);
    second.rename(ALICE, TaskTitle.from('Second'), later);
    await repository.persist(first);

    await expectRejection(repository.persist(second), Error);

    expect(store.task(task.id.value)).to.include({ title: 'First', version: 2 });
    expect(store.events(ALICE.value)).to.have.length(2);
  });

  it('refuses a stale copy however many changes it made since it was loaded', async () => {
    const task = TaskMother.created();
    await repository.persist(task);
    const stale = (await repository.findOwned(ALICE, task.id))!;
    const fresh = (await repository.findOwned(ALICE, task.id))!;
    fresh.complete(ALICE, later);
    await repository.persist(fresh);
    stale.rename(ALICE, TaskTitle.from('One'), later);
    stale.rename(ALICE, TaskTitle.from('Two'), later);

    await expectRejection(repository.persist(stale), Error);

    expect(store.task(task.id.value)).to.include({ title: 'Buy milk', completed: true, version: 2 });
  });

  it('refuses to delete through a copy a task another copy already deleted', async () => {
    const task = TaskMother.created();
    await repository.persist(task);
    const first = (await repository.findOwned(ALICE, task.id))!;
    const second = (await repository.findOwned(ALICE, task.id))!;
    first.delete(ALICE, later);
    await repository.persist(first);
    second.delete(ALICE, later);

    await expectRejection(repository.persist(second), Error);

    expect(store.events(ALICE.value).map(({ event }) => event.type)).to.deep.equal(['task.created', 'task.deleted']);
  });

  it('refuses a second task under an id already taken', async () => {
    const id = TaskMother.id();
    await repository.persist(TaskMother.created({ id, title: 'Original' }));

    await expectRejection(repository.persist(TaskMother.created({ id, title: 'Impostor' })), Error);
    await expectRejection(repository.persist(TaskMother.created({ id, owner: BOB })), Error);

    expect(store.task(id.value)).to.include({ title: 'Original', ownerId: ALICE.value });
    expect(store.events()).to.have.length(1);
  });
});
