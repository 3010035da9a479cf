/** What every `TaskIdLookup` answers: which of the ids named belong to a stored task, whoever owns it. */
import { expect } from 'chai';
import { ALICE, BOB, minutesLater, NOW, taskId, TaskWrites, type PersistenceAdapters } from './persistence-fixture.js';
import { TaskId } from '../../../src/domain/index.js';

export type TaskIdLookupFixture = Pick<PersistenceAdapters, 'idLookup' | 'repository' | 'unitOfWork' | 'erasure'>;

export function taskIdLookupContract(fixture: () => Promise<TaskIdLookupFixture>): void {
  let adapters: TaskIdLookupFixture;
  let writes: TaskWrites;

  beforeEach(async () => {
    adapters = await fixture();
    writes = new TaskWrites(adapters);
  });

  const taken = async (ids: string[]) => [...(await adapters.idLookup.taken(ids))].sort();

  it('answers which of the ids name a stored task, whoever owns it', async () => {
    await writes.seed({ id: taskId(1), owner: ALICE });
    await writes.seed({ id: taskId(2), owner: BOB });

    expect(await taken([taskId(1), taskId(3), taskId(2)])).to.deep.equal([taskId(1), taskId(2)]);
    expect(await taken([taskId(3)])).to.deep.equal([]);
    expect(await taken([])).to.deep.equal([]);
  });

  it('matches ids whatever their case, answering them as stored', async () => {
    await writes.seed({ id: 'abcdef00-0000-7000-8000-0000000000ff' });

    expect(await taken(['ABCDEF00-0000-7000-8000-0000000000FF', 'ABCDEF00-0000-7000-8000-0000000000EE'])).to.deep.equal([
      'abcdef00-0000-7000-8000-0000000000ff',
    ]);
  });

  it('no longer counts a deleted task’s id, nor an erased user’s', async () => {
    await writes.create(ALICE, NOW, 'Deleted', TaskId.from(taskId(1)));
    await writes.remove(ALICE, TaskId.from(taskId(1)), minutesLater(1));
    await writes.seed({ id: taskId(2), owner: BOB });
    await adapters.unitOfWork.run((stores) => stores.erasure.erase(BOB.value));

    expect(await taken([taskId(1), taskId(2)])).to.deep.equal([]);
  });

  it('answers each id once, however often it is named, among many', async () => {
    await writes.seed({ id: taskId(7) });
    const many = Array.from({ length: 2500 }, (_, index) => taskId(1000 + index));

    expect(await taken([...many, taskId(7), taskId(7)])).to.deep.equal([taskId(7)]);
  });
}
