import { expect } from 'chai';
import { CreateTaskCommand } from '../../../../src/application/commands/create-task.js';
import { MoveTaskCommand, type RequestedMove } from '../../../../src/application/commands/move-task.js';
import type { TaskView } from '../../../../src/application/ports/task-read-model.js';
import { ListTasksQuery } from '../../../../src/application/queries/list-tasks.js';
import { DomainValidationError, TaskHierarchyError, TaskNotFoundError, TaskVersionMismatchError } from '../../../../src/domain/index.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { createInMemoryApplication, type InMemoryApplication } from '../../../support/in-memory-application.js';
import { ALICE, BOB, TaskMother } from '../../../support/task-mother.js';

describe('MoveTaskHandler', () => {
  let app: InMemoryApplication;

  const create = (title: string, parent?: TaskView, owner = ALICE) =>
    app.commands.execute(new CreateTaskCommand(owner.value, title, null, undefined, undefined, parent?.id));
  const move = (task: TaskView, to: RequestedMove, expectedVersion?: number, owner = ALICE) =>
    app.commands.execute(new MoveTaskCommand(owner.value, task.id, to, expectedVersion));
  /** Titles under `parent` (null: the top level), in manual order. */
  const order = async (parent: TaskView | null) => {
    const { items } = await app.queries.execute(new ListTasksQuery(ALICE.value, { limit: 100 }));
    return items
      .filter((task) => task.parent_id === (parent?.id ?? null))
      .sort((a, b) => (a.position < b.position ? -1 : 1))
      .map((task) => task.title);
  };

  beforeEach(() => {
    app = createInMemoryApplication();
  });

  it('moves a task beside a sibling, or to the start or the end of its group', async () => {
    const [a, b, c] = [await create('a'), await create('b'), await create('c')];

    await move(c, { side: 'after', neighbourId: null });
    expect(await order(null)).to.deep.equal(['c', 'a', 'b']);
    await move(c, { side: 'before', neighbourId: null });
    expect(await order(null)).to.deep.equal(['a', 'b', 'c']);
    await move(a, { side: 'after', neighbourId: b.id });
    expect(await order(null)).to.deep.equal(['b', 'a', 'c']);
    await move(c, { side: 'before', neighbourId: b.id });
    expect(await order(null)).to.deep.equal(['c', 'b', 'a']);
  });

  it('writes one change of the moved task only, and none for a move to where it is', async () => {
    const [a, b] = [await create('a'), await create('b')];
    const eventsBefore = app.store.events(ALICE.value).length;

    expect(await move(a, { side: 'before', neighbourId: b.id })).to.include({ version: 1, position: a.position });
    const moved = await move(a, { side: 'after', neighbourId: b.id });

    expect(moved).to.include({ version: 2 });
    expect(app.store.events(ALICE.value).slice(eventsBefore).map(({ event }) => [event.type, event.taskId])).to.deep.equal([['task.updated', a.id]]);
  });

  it('re-parents a task with its subtasks, checking the whole subtree against the depth', async () => {
    const [a, b] = [await create('a'), await create('b')];
    const b1 = await create('b1', b);
    const b11 = await create('b11', b1);

    await move(b, { side: 'after', neighbourId: null, parentId: a.id });
    expect(await order(a)).to.deep.equal(['b']);
    // b11 is on the fourth level now: nothing goes under it, and a cannot go under its own subtask.
    expect((await expectRejection(move(await create('x'), { side: 'after', neighbourId: null, parentId: b11.id }), TaskHierarchyError)).problem).to.equal('too_deep');
    expect((await expectRejection(move(a, { side: 'after', neighbourId: null, parentId: b11.id }), TaskHierarchyError)).problem).to.equal('cycle');
    // b1 with b11 spans two levels: it fits under a task on the second level, not under one on the third.
    const y = await create('y', a);
    const y1 = await create('y1', y);
    await expectRejection(move(b1, { side: 'after', neighbourId: null, parentId: y1.id }), TaskHierarchyError);
    expect(await move(b1, { side: 'after', neighbourId: null, parentId: y.id })).to.include({ parent_id: y.id });
    expect(await order(y)).to.deep.equal(['b1', 'y1']);
    await move(b1, { side: 'before', neighbourId: null, parentId: null });
    expect(await order(null)).to.deep.equal(['a', 'x', 'b1']);
    expect(await order(b1)).to.deep.equal(['b11']);
  });

  it('refuses a neighbour outside the target group with a validation error naming the field', async () => {
    const [a, b] = [await create('a'), await create('b')];
    const sub = await create('sub', a);
    const bobs = await create('bob', undefined, BOB);

    for (const [to, field] of [
      [{ side: 'after', neighbourId: sub.id }, 'after_id'],
      [{ side: 'before', neighbourId: b.id }, 'before_id'],
      [{ side: 'after', neighbourId: bobs.id }, 'after_id'],
      [{ side: 'before', neighbourId: 'garbage' }, 'before_id'],
      [{ side: 'after', neighbourId: b.id, parentId: a.id }, 'after_id'],
    ] as const) {
      const error = await expectRejection(move(b, to), DomainValidationError);
      expect(error.issues.map((issue) => issue.path)).to.deep.equal([field]);
    }
  });

  it('does not find a foreign or missing task or parent, and checks the expected version', async () => {
    const a = await create('a');
    const bobs = await create('bob', undefined, BOB);

    await expectRejection(move(a, { side: 'after', neighbourId: null }, undefined, BOB), TaskNotFoundError);
    for (const parentId of [bobs.id, TaskMother.id().value, 'garbage']) {
      await expectRejection(move(a, { side: 'after', neighbourId: null, parentId }), TaskNotFoundError);
    }
    await expectRejection(move(a, { side: 'after', neighbourId: null }, 3), TaskVersionMismatchError);
  });
});
