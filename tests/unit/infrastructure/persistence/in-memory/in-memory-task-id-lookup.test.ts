import { expect } from 'chai';
import { InMemoryTaskIdLookup } from '../../../../../src/infrastructure/persistence/in-memory/in-memory-task-id-lookup.js';
import { InMemoryTaskStore } from '../../../../../src/infrastructure/persistence/in-memory/in-memory-task-store.js';
import { BOB, TaskMother } from '../../../../support/task-mother.js';

describe('InMemoryTaskIdLookup', () => {
  it('answers which of the ids name a stored task, whoever owns it', async () => {
    const store = new InMemoryTaskStore();
    const alices = TaskMother.snapshot();
    const bobs = TaskMother.snapshot({ ownerId: BOB.value });
    store.write(alices.id, alices, []);
    store.write(bobs.id, bobs, []);
    const free = TaskMother.id().value;

    const taken = await new InMemoryTaskIdLookup(store).taken([alices.id, free, bobs.id]);

    expect([...taken].sort()).to.deep.equal([alices.id, bobs.id].sort());
  });
});
