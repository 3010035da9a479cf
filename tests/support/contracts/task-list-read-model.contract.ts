/**
 * What every `TaskListRepository`'s read side (`TaskListReadModel`) answers: one list in its wire shape, for its
 * owner only, and every list of the owner in manual order.
 */
import { expect } from 'chai';
import { v7 } from 'uuid';
import type { TaskListReadModel } from '../../../src/application/ports/task-list-read-model.js';
import type { UnitOfWork } from '../../../src/application/ports/unit-of-work.js';
import { ListId, ListName, Position, TaskList, type TaskListRepository, type UserId } from '../../../src/domain/index.js';
import { ALICE, BOB, CREATED_AT } from '../task-mother.js';

export interface TaskListReadModelFixture {
  readonly lists: TaskListRepository;
  readonly unitOfWork: UnitOfWork;
  readonly readModel: TaskListReadModel;
}

export function taskListReadModelContract(fixture: () => Promise<TaskListReadModelFixture>): void {
  let adapters: TaskListReadModelFixture;

  beforeEach(async () => {
    adapters = await fixture();
  });

  const store = async (name: string, position: string, owner: UserId = ALICE, id = v7()) => {
    const list = TaskList.create({ id: ListId.from(id), owner, name: ListName.from(name), position: Position.from(position), now: CREATED_AT });
    await adapters.unitOfWork.run((stores) => stores.lists.persist(list));
    return list;
  };
  const names = async (owner: UserId = ALICE) => (await adapters.readModel.lists(owner.value)).map((list) => list.name);

  it('answers the owner’s list in its wire shape, whatever the case of its id, and nothing to anyone else', async () => {
    const work = await store('Work', 'a1');

    const view = {
      id: work.id.value,
      name: 'Work',
      is_inbox: false,
      position: 'a1',
      created_at: CREATED_AT.toISOString(),
      updated_at: CREATED_AT.toISOString(),
      version: 1,
    };
    expect(await adapters.readModel.findOne(ALICE.value, work.id.value)).to.deep.equal(view);
    expect(await adapters.readModel.findOne(ALICE.value, work.id.value.toUpperCase())).to.deep.equal(view);
    expect(await adapters.readModel.findOne(BOB.value, work.id.value)).to.equal(null);
    expect(await adapters.readModel.findOne(ALICE.value, v7())).to.equal(null);
  });

  it('lists every list of the owner in manual order, ties by id, and none of anyone else’s', async () => {
    const [first, second] = [v7(), v7()].sort();
    await store('c', 'a3');
    await store('tie, later id', 'a2', ALICE, second!);
    await store('a', 'a0');
    await store('tie, earlier id', 'a2', ALICE, first!);
    await store('Bob’s', 'a1', BOB);

    expect(await names()).to.deep.equal(['a', 'tie, earlier id', 'tie, later id', 'c']);
    expect(await names(BOB)).to.deep.equal(['Bob’s']);
    expect(await adapters.readModel.lists('nobody')).to.deep.equal([]);
  });

  it('shows a change and a deletion', async () => {
    const work = await store('Work', 'a1');
    const home = await store('Home', 'a2');
    const loaded = (await adapters.unitOfWork.run((stores) => stores.lists.findOwned(ALICE, work.id)))!;
    loaded.rename(ALICE, ListName.from('Office'), new Date(CREATED_AT.getTime() + 60_000));
    await adapters.unitOfWork.run((stores) => stores.lists.persist(loaded));
    const gone = (await adapters.unitOfWork.run((stores) => stores.lists.findOwned(ALICE, home.id)))!;
    gone.delete(ALICE, CREATED_AT);
    await adapters.unitOfWork.run((stores) => stores.lists.persist(gone));

    expect(await adapters.readModel.findOne(ALICE.value, work.id.value)).to.include({ name: 'Office', version: 2, updated_at: '2026-11-25T10:01:00.000Z' });
    expect(await adapters.readModel.findOne(ALICE.value, home.id.value)).to.equal(null);
    expect(await names()).to.deep.equal(['Office']);
  });
}
