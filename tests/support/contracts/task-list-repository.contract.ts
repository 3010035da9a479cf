/**
 * What every `TaskListRepository` does: stores a list with its events, finds it for its owner only, makes one
 * inbox per owner however many first requests race, keeps names unique per owner ignoring case, keeps each
 * owner within `maxListsPerUser`, lets no stale copy overwrite a newer change, and orders lists by position.
 */
import { expect } from 'chai';
import { v7 } from 'uuid';
import {
  ListId,
  ListLimitReachedError,
  ListName,
  ListNameTakenError,
  Position,
  TaskList,
  type TaskListRepository,
  type UserId,
} from '../../../src/domain/index.js';
import type { UnitOfWork } from '../../../src/application/ports/unit-of-work.js';
import { expectRejection } from '../expect-rejection.js';
import { ALICE, BOB, CREATED_AT } from '../task-mother.js';

export interface TaskListRepositoryFixture {
  readonly lists: TaskListRepository;
  readonly unitOfWork: UnitOfWork;
}

export const LIST_LIMIT = 4;

export function taskListRepositoryContract(fixture: (limits: { maxListsPerUser: number }) => Promise<TaskListRepositoryFixture>): void {
  let adapters: TaskListRepositoryFixture;

  beforeEach(async () => {
    adapters = await fixture({ maxListsPerUser: LIST_LIMIT });
  });

  const later = new Date(CREATED_AT.getTime() + 60_000);
  const run = <T>(work: (lists: TaskListRepository) => Promise<T>) => adapters.unitOfWork.run((stores) => work(stores.lists));
  const save = (list: TaskList) => run((lists) => lists.persist(list));
  const newList = (name: string, options: { owner?: UserId; position?: Position } = {}) =>
    TaskList.create({
      id: ListId.from(v7()),
      owner: options.owner ?? ALICE,
      name: ListName.from(name),
      position: options.position ?? Position.first(),
      now: CREATED_AT,
    });
  const inboxCandidate = (owner: UserId) => () => TaskList.inbox({ id: ListId.from(v7()), owner, position: Position.first(), now: CREATED_AT });

  it('stores a list and finds it for its owner only', async () => {
    const list = newList('Work');

    await save(list);

    expect((await run((lists) => lists.findOwned(ALICE, list.id)))?.snapshot()).to.deep.equal(list.snapshot());
    expect(await run((lists) => lists.findOwned(BOB, list.id))).to.equal(null);
  });

  it('says whether an owner has a list: yes for theirs, no for another owner\'s or a missing one', async () => {
    const list = newList('Work');
    await save(list);

    expect(await run((lists) => lists.hasOwned(ALICE, list.id))).to.equal(true);
    expect(await run((lists) => lists.hasOwned(BOB, list.id))).to.equal(false);
    expect(await run((lists) => lists.hasOwned(ALICE, ListId.from(v7())))).to.equal(false);
  });

  it('makes one inbox for 20 concurrent first requests, and one per owner', async () => {
    const inboxes = await Promise.all(Array.from({ length: 20 }, () => run((lists) => lists.inboxOf(ALICE, inboxCandidate(ALICE)))));
    const bobs = await run((lists) => lists.inboxOf(BOB, inboxCandidate(BOB)));

    expect(new Set(inboxes.map((inbox) => inbox.id.value)).size).to.equal(1);
    expect(inboxes[0]!.isInbox).to.equal(true);
    expect(bobs.id.value).not.to.equal(inboxes[0]!.id.value);
  });

  it('answers the same inbox id however often it is asked, the inbox made once', async () => {
    const ids = await Promise.all(Array.from({ length: 5 }, () => run((lists) => lists.inboxIdOf(ALICE, inboxCandidate(ALICE)))));
    const inbox = await run((lists) => lists.inboxOf(ALICE, inboxCandidate(ALICE)));

    expect(new Set(ids.map((id) => id.value))).to.deep.equal(new Set([inbox.id.value]));
    expect(await run((lists) => lists.inboxIdOf(ALICE, inboxCandidate(ALICE)))).to.deep.equal(inbox.id);
  });

  it('refuses a name the owner already has in another case, but not one another owner has', async () => {
    await save(newList('Work'));

    await expectRejection(save(newList('WORK')), ListNameTakenError);
    await save(newList('Work', { owner: BOB }));
  });

  it('refuses a rename onto a name taken in another case', async () => {
    await save(newList('Work'));
    const home = newList('Home');
    await save(home);

    const loaded = await run((lists) => lists.findOwned(ALICE, home.id));
    loaded!.rename(ALICE, ListName.from('work'), later);

    await expectRejection(save(loaded!), ListNameTakenError);
  });

  it(`keeps each owner within ${LIST_LIMIT} lists, the inbox counted, and makes room on a delete`, async () => {
    await run((lists) => lists.inboxOf(ALICE, inboxCandidate(ALICE)));
    const kept = [newList('One'), newList('Two'), newList('Three')];
    for (const list of kept) await save(list);

    await expectRejection(save(newList('Four')), ListLimitReachedError);
    await save(newList('Other owner', { owner: BOB }));

    const gone = await run((lists) => lists.findOwned(ALICE, kept[0]!.id));
    gone!.delete(ALICE, later);
    await save(gone!);
    await save(newList('Four'));
  });

  it('lets no stale copy overwrite a newer change', async () => {
    const list = newList('Work');
    await save(list);
    const first = await run((lists) => lists.findOwned(ALICE, list.id));
    const second = await run((lists) => lists.findOwned(ALICE, list.id));
    first!.rename(ALICE, ListName.from('Office'), later);
    await save(first!);

    second!.rename(ALICE, ListName.from('Desk'), later);
    await expectRejection(save(second!), Error);

    expect((await run((lists) => lists.findOwned(ALICE, list.id)))?.name.value).to.equal('Office');
  });

  it('finds the neighbours of a position in the owner\'s order, only among the owner\'s lists', async () => {
    const a = Position.first();
    const b = Position.between(a, null);
    const c = Position.between(b, null);
    const [first, second, third] = [newList('A', { position: a }), newList('B', { position: b }), newList('C', { position: c })];
    for (const list of [third, first, second]) await save(list);
    await save(newList('Bob', { owner: BOB, position: Position.between(null, a) }));

    const names = async (work: (lists: TaskListRepository) => Promise<TaskList | null>) => (await run(work))?.name.value ?? null;
    expect(await names((lists) => lists.nextAfter(ALICE, null))).to.equal('A');
    expect(await names((lists) => lists.nextAfter(ALICE, a))).to.equal('B');
    expect(await names((lists) => lists.nextAfter(ALICE, c))).to.equal(null);
    expect(await names((lists) => lists.previousBefore(ALICE, null))).to.equal('C');
    expect(await names((lists) => lists.previousBefore(ALICE, b))).to.equal('A');
    expect(await names((lists) => lists.previousBefore(ALICE, a))).to.equal(null);
  });

  it('finds all of the owner\'s lists in their order, and none of anyone else\'s', async () => {
    const a = Position.first();
    const b = Position.between(a, null);
    for (const list of [newList('B', { position: b }), newList('A', { position: a })]) await save(list);
    await save(newList('Bob', { owner: BOB, position: Position.between(null, a) }));

    expect((await run((lists) => lists.allOf(ALICE))).map((list) => list.name.value)).to.deep.equal(['A', 'B']);
    const [found] = await run((lists) => lists.allOf(BOB));
    found!.rename(BOB, ListName.from('Bob\'s'), later);
    await save(found!);
    expect((await run((lists) => lists.allOf(BOB))).map((list) => [list.name.value, list.version])).to.deep.equal([["Bob's", 2]]);
  });

  it('takes a failed unit of work\'s list writes back', async () => {
    const list = newList('Work');

    await expectRejection(
      adapters.unitOfWork.run(async (stores) => {
        await stores.lists.persist(list);
        throw new Error('later step failed');
      }),
      Error,
    );

    expect(await run((lists) => lists.findOwned(ALICE, list.id))).to.equal(null);
  });
}
