import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import {
  ListId,
  MAX_TASK_DEPTH,
  Position,
  Task,
  TaskHierarchy,
  TaskHierarchyError,
  TaskNotFoundError,
  TaskTitle,
  type TaskId,
} from '../../../../src/domain/index.js';
import { ALICE, BOB, CREATED_AT, TaskMother } from '../../../support/task-mother.js';

const LATER = new Date(CREATED_AT.getTime() + 60_000);

function refusal(act: () => void): TaskHierarchyError {
  try {
    act();
  } catch (error) {
    if (error instanceof TaskHierarchyError) return error;
    throw error;
  }
  throw new Error('expected a TaskHierarchyError');
}

describe('TaskHierarchy', () => {
  const task = TaskMother.id();
  const chain = (length: number): string[] => Array.from({ length }, () => TaskMother.id().value);

  it('lets a task go to the top level or under a parent on any level above the last', () => {
    expect(() => TaskHierarchy.assertPlacement(task, null)).not.to.throw();
    for (let parentLevel = 1; parentLevel < MAX_TASK_DEPTH; parentLevel++) {
      expect(() => TaskHierarchy.assertPlacement(task, chain(parentLevel))).not.to.throw();
    }
  });

  it('refuses a fifth level, naming parent_id', () => {
    const error = refusal(() => TaskHierarchy.assertPlacement(task, chain(MAX_TASK_DEPTH)));

    expect(error).to.include({ problem: 'too_deep', path: 'parent_id', code: 'task_hierarchy_invalid' });
  });

  it('counts the subtasks a moved task takes with it', () => {
    expect(() => TaskHierarchy.assertPlacement(task, chain(2), 2)).not.to.throw();
    expect(refusal(() => TaskHierarchy.assertPlacement(task, chain(2), 3)).problem).to.equal('too_deep');
    expect(refusal(() => TaskHierarchy.assertPlacement(task, null, MAX_TASK_DEPTH + 1)).problem).to.equal('too_deep');
  });

  it('refuses a task under itself or under one of its own subtasks', () => {
    expect(refusal(() => TaskHierarchy.assertPlacement(task, [task.value])).problem).to.equal('cycle');
    expect(refusal(() => TaskHierarchy.assertPlacement(task, [TaskMother.id().value, task.value])).problem).to.equal('cycle');
  });
});

describe('Task placement', () => {
  it('creates a task at the top level at the first position unless placed', () => {
    const task = Task.create({ id: TaskMother.id(), owner: ALICE, title: TaskTitle.from('Loose'), description: null, listId: TaskMother.listOf(ALICE), now: CREATED_AT });

    expect(task.parentId).to.equal(null);
    expect(task.snapshot()).to.include({ parentId: null, position: Position.first().value });
  });

  it('creates a subtask where it is placed', () => {
    const parent = TaskMother.id();
    const position = Position.between(Position.first(), null);

    const task = Task.create({
      id: TaskMother.id(),
      owner: ALICE,
      title: TaskTitle.from('Step one'),
      description: null,
      listId: TaskMother.listOf(ALICE),
      placement: { parentId: parent, position },
      now: CREATED_AT,
    });

    expect(task.snapshot()).to.include({ parentId: parent.value, position: position.value });
    expect(task.pullDomainEvents()[0]?.task).to.include({ parentId: parent.value, position: position.value });
  });

  it('moves a task as one change: task.updated, one version more', () => {
    const task = TaskMother.stored();
    const parent = TaskMother.id();
    const position = Position.between(null, Position.first());

    task.move(ALICE, { parentId: parent, position }, LATER);

    expect(task.snapshot()).to.include({ parentId: parent.value, position: position.value, version: 2 });
    expect(task.updatedAt).to.deep.equal(LATER);
    const events = task.pullDomainEvents();
    expect(events.map((event) => event.type)).to.deep.equal(['task.updated']);
    expect(events[0]?.task).to.include({ parentId: parent.value, position: position.value });
  });

  it('records nothing for a move to where the task already is', () => {
    const task = TaskMother.stored();

    task.move(ALICE, { parentId: null, position: task.position }, LATER);

    expect(task.version).to.equal(1);
    expect(task.pullDomainEvents()).to.deep.equal([]);
  });

  it('refuses to move a task under itself', () => {
    const task = TaskMother.stored();

    expect(refusal(() => task.move(ALICE, { parentId: task.id, position: Position.first() }, LATER)).problem).to.equal('cycle');
    expect(task.pullDomainEvents()).to.deep.equal([]);
  });

  it('refuses anyone but the owner as if the task did not exist', () => {
    const task = TaskMother.stored();

    expect(() => task.move(BOB, { parentId: null, position: Position.first() }, LATER)).to.throw(TaskNotFoundError);
  });

  it('rehydrates the parent and the position it was stored with', () => {
    const parent = TaskMother.id().value;

    const task = TaskMother.stored({ parentId: parent, position: 'a5' });

    expect(task.parentId?.value).to.equal(parent);
    expect(task.position.value).to.equal('a5');
  });
});

describe('Task.moveInto', () => {
  const key = (raw: string) => Position.from(raw);
  /** The group under `parentId` in the list a stored task of Alice's is in. */
  const group = (parentId: TaskId | null = null) => ({ listId: TaskMother.listOf(ALICE), parentId });

  it('takes a key between the two neighbours of the gap, recording task.updated', () => {
    const task = TaskMother.stored({ position: 'a0' });

    task.moveInto(ALICE, group(), { before: key('a1'), after: key('a2') }, LATER);

    expect(task.position.value > 'a1' && task.position.value < 'a2').to.equal(true);
    expect(task.version).to.equal(2);
    expect(task.pullDomainEvents().map((event) => event.type)).to.deep.equal(['task.updated']);
  });

  it('stays where it is, recording nothing, when it already lies in the gap of its own group', () => {
    const task = TaskMother.stored({ position: 'a1' });

    task.moveInto(ALICE, group(), { before: key('a0'), after: null }, LATER);
    task.moveInto(ALICE, group(), { before: null, after: key('a2') }, LATER);

    expect(task.position.value).to.equal('a1');
    expect(task.version).to.equal(1);
    expect(task.pullDomainEvents()).to.deep.equal([]);
  });

  it('takes a new key under another parent even where its old key would fit', () => {
    const parent = TaskMother.id();
    const task = TaskMother.stored({ position: 'a1' });

    task.moveInto(ALICE, group(parent), { before: null, after: null }, LATER);

    expect(task.parentId?.equals(parent)).to.equal(true);
    expect(task.position.value).to.equal(Position.first().value);
    expect(task.pullDomainEvents().map((event) => event.type)).to.deep.equal(['task.updated']);
  });

  it('takes a new key in another list even where its old key would fit, on the same level', () => {
    const task = TaskMother.stored({ position: 'a1' });
    const otherList = ListId.from(randomUUID());

    task.moveInto(ALICE, { listId: otherList, parentId: null }, { before: key('a0'), after: null }, LATER);

    expect(task.listId.equals(otherList)).to.equal(true);
    expect(task.position.value > 'a0').to.equal(true);
    expect(task.pullDomainEvents().map((event) => event.type)).to.deep.equal(['task.updated']);
  });

  it('refuses another user, as a missing task', () => {
    const task = TaskMother.stored();

    expect(() => task.moveInto(BOB, group(), { before: null, after: null }, LATER)).to.throw(TaskNotFoundError);
  });
});
