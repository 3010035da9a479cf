import { expect } from 'chai';
import {
  Task,
  TaskDescription,
  TaskDueDate,
  LabelName,
  TaskLabels,
  TaskNotFoundError,
  TaskPriority,
  TaskTitle,
  TaskVersionMismatchError,
  type TaskEvent,
  type UserId,
} from '../../../../src/domain/index.js';
import { ALICE, BOB, CREATED_AT, TaskMother } from '../../../support/task-mother.js';

const LATER = new Date(CREATED_AT.getTime() + 60_000);
const EVEN_LATER = new Date(CREATED_AT.getTime() + 120_000);

type Behaviour = (task: Task, actor: UserId, now: Date) => void;

/** Every behaviour, each applied to a task on which it makes an effective change. */
const BEHAVIOURS: Record<string, { start: () => Task; act: Behaviour }> = {
  rename: { start: () => TaskMother.stored(), act: (task, actor, now) => task.rename(actor, TaskTitle.from('Buy oat milk'), now) },
  describe: { start: () => TaskMother.stored(), act: (task, actor, now) => task.describe(actor, TaskDescription.from('Two litres'), now) },
  schedule: { start: () => TaskMother.stored(), act: (task, actor, now) => task.schedule(actor, TaskDueDate.from('2026-12-24'), now) },
  prioritize: { start: () => TaskMother.stored(), act: (task, actor, now) => task.prioritize(actor, TaskPriority.from('high'), now) },
  complete: { start: () => TaskMother.stored(), act: (task, actor, now) => task.complete(actor, now) },
  reopen: { start: () => TaskMother.completed(), act: (task, actor, now) => task.reopen(actor, now) },
  toggle: { start: () => TaskMother.stored(), act: (task, actor, now) => task.toggle(actor, now) },
  label: { start: () => TaskMother.stored(), act: (task, actor, now) => task.label(actor, TaskLabels.from(['Work']), now) },
  change: { start: () => TaskMother.stored(), act: (task, actor, now) => task.change(actor, { title: TaskTitle.from('Other'), completed: true }, now) },
  delete: { start: () => TaskMother.stored(), act: (task, actor, now) => task.delete(actor, now) },
};

function eventTypes(events: TaskEvent[]): string[] {
  return events.map((event) => event.type);
}

describe('Task', () => {
  describe('create', () => {
    it('starts at version 1, pending, and records task.created with its state', () => {
      const id = TaskMother.id();

      const task = TaskMother.created({ id, title: '  Buy milk ', description: 'Semi-skimmed' });

      const snapshot = {
        id: id.value,
        ownerId: ALICE.value,
        title: 'Buy milk',
        description: 'Semi-skimmed',
        dueDate: null,
        priority: 'none',
        completed: false,
        completedAt: null,
        listId: TaskMother.listOf(ALICE).value,
        parentId: null,
        position: task.position.value,
        labels: [],
        repeat: null,
        repeatFrom: 'due',
        createdAt: CREATED_AT,
        updatedAt: CREATED_AT,
        version: 1,
      };
      expect(task.snapshot()).to.deep.equal(snapshot);
      expect(task.pullDomainEvents()).to.deep.equal([
        { type: 'task.created', taskId: id.value, ownerId: ALICE.value, occurredAt: CREATED_AT, task: snapshot },
      ]);
    });

    it('takes a due date and a priority when given them', () => {
      const task = Task.create({
        id: TaskMother.id(),
        owner: ALICE,
        title: TaskTitle.from('Pay rent'),
        description: null,
        listId: TaskMother.listOf(ALICE),
        dueDate: TaskDueDate.from('2026-12-01'),
        priority: TaskPriority.from('high'),
        now: CREATED_AT,
      });

      expect(task.snapshot()).to.include({ dueDate: '2026-12-01', priority: 'high', version: 1 });
      expect(task.pullDomainEvents()[0]?.task).to.include({ dueDate: '2026-12-01', priority: 'high' });
    });

    it('hands each recorded event out once', () => {
      const task = TaskMother.created();

      expect(task.pullDomainEvents()).to.have.length(1);
      expect(task.pullDomainEvents()).to.deep.equal([]);
    });
  });

  describe('rehydrate', () => {
    it('rebuilds every field and records nothing', () => {
      const snapshot = TaskMother.snapshot({
        description: 'Semi-skimmed',
        dueDate: '2026-12-24',
        priority: 'medium',
        completed: true,
        completedAt: LATER,
        updatedAt: EVEN_LATER,
        version: 7,
      });

      const task = Task.rehydrate(snapshot);

      expect(task.snapshot()).to.deep.equal(snapshot);
      expect(task.isDeleted).to.equal(false);
      expect(task.pullDomainEvents()).to.deep.equal([]);
    });

    it('takes the last update as completion time when a completed task has none stored', () => {
      const task = Task.rehydrate(TaskMother.snapshot({ completed: true, completedAt: null, updatedAt: LATER }));

      expect(task.completed).to.equal(true);
      expect(task.completedAt).to.deep.equal(LATER);
    });
  });

  describe('changes by the owner', () => {
    it('rename changes the title, bumps the version once and records task.updated', () => {
      const task = TaskMother.stored();

      task.rename(ALICE, TaskTitle.from('Buy oat milk'), LATER);

      expect(task.snapshot()).to.include({ title: 'Buy oat milk', version: 2 });
      expect(task.updatedAt).to.deep.equal(LATER);
      expect(task.pullDomainEvents()).to.deep.equal([
        { type: 'task.updated', taskId: task.id.value, ownerId: ALICE.value, occurredAt: LATER, task: task.snapshot() },
      ]);
    });

    it('describe sets and clears the description, each time recording task.updated', () => {
      const task = TaskMother.stored();

      task.describe(ALICE, TaskDescription.from('Two litres'), LATER);
      expect(task.snapshot()).to.include({ description: 'Two litres', version: 2 });
      const [described] = task.pullDomainEvents();
      expect(described).to.include({ type: 'task.updated' });
      expect(described?.task).to.include({ description: 'Two litres', version: 2 });

      task.describe(ALICE, null, EVEN_LATER);
      expect(task.snapshot()).to.include({ description: null, version: 3 });
      expect(task.pullDomainEvents().map((event) => [event.type, event.task?.description, event.task?.version])).to.deep.equal([
        ['task.updated', null, 3],
      ]);
    });

    it('schedule sets, moves and clears the due date, each time recording task.updated', () => {
      const task = TaskMother.stored();

      task.schedule(ALICE, TaskDueDate.from('2026-12-24'), LATER);
      task.schedule(ALICE, TaskDueDate.from('2026-12-31'), LATER);
      task.schedule(ALICE, null, EVEN_LATER);

      expect(task.snapshot()).to.include({ dueDate: null, version: 4 });
      expect(task.dueDate).to.equal(null);
      expect(task.pullDomainEvents().map((event) => [event.type, event.task?.dueDate, event.task?.version])).to.deep.equal([
        ['task.updated', '2026-12-24', 2],
        ['task.updated', '2026-12-31', 3],
        ['task.updated', null, 4],
      ]);
    });

    it('prioritize changes the priority and records task.updated', () => {
      const task = TaskMother.stored();

      task.prioritize(ALICE, TaskPriority.from('low'), LATER);

      expect(task.priority.value).to.equal('low');
      expect(task.snapshot()).to.include({ priority: 'low', version: 2 });
      expect(task.pullDomainEvents()).to.deep.equal([
        { type: 'task.updated', taskId: task.id.value, ownerId: ALICE.value, occurredAt: LATER, task: task.snapshot() },
      ]);
    });

    it('records a due date, priority and title change as a single task.updated', () => {
      const task = TaskMother.stored();

      task.change(ALICE, { title: TaskTitle.from('Pay rent'), dueDate: TaskDueDate.from('2026-12-01'), priority: TaskPriority.from('high') }, LATER);

      expect(task.snapshot()).to.include({ title: 'Pay rent', dueDate: '2026-12-01', priority: 'high', version: 2 });
      expect(eventTypes(task.pullDomainEvents())).to.deep.equal(['task.updated']);
    });

    it('keeps the due date and priority when the task is completed', () => {
      const task = TaskMother.stored({ dueDate: '2026-12-01', priority: 'high' });

      task.complete(ALICE, LATER);

      expect(task.snapshot()).to.include({ dueDate: '2026-12-01', priority: 'high', completed: true });
    });

    it('complete sets completed_at and records task.completed', () => {
      const task = TaskMother.stored();

      task.complete(ALICE, LATER);

      expect(task.snapshot()).to.include({ completed: true, version: 2 });
      expect(task.completedAt).to.deep.equal(LATER);
      const events = task.pullDomainEvents();
      expect(eventTypes(events)).to.deep.equal(['task.completed']);
      expect(events[0]?.task).to.deep.equal(task.snapshot());
    });

    it('reopen clears completed_at and records task.reopened', () => {
      const task = TaskMother.completed({ version: 2 });

      task.reopen(ALICE, EVEN_LATER);

      expect(task.snapshot()).to.include({ completed: false, completedAt: null, version: 3 });
      const events = task.pullDomainEvents();
      expect(eventTypes(events)).to.deep.equal(['task.reopened']);
      expect(events[0]?.task).to.deep.equal(task.snapshot());
    });

    it('toggle completes a pending task and reopens a completed one', () => {
      const task = TaskMother.stored();

      task.toggle(ALICE, LATER);
      expect(task.snapshot()).to.include({ completed: true, version: 2 });
      expect(task.completedAt).to.deep.equal(LATER);

      task.toggle(ALICE, EVEN_LATER);
      expect(task.snapshot()).to.include({ completed: false, completedAt: null, version: 3 });
      expect(eventTypes(task.pullDomainEvents())).to.deep.equal(['task.completed', 'task.reopened']);
    });

    it('sets a fresh completed_at each time the task is completed again', () => {
      const task = TaskMother.completed({ completedAt: LATER, updatedAt: LATER });
      const again = new Date(EVEN_LATER.getTime() + 60_000);

      task.reopen(ALICE, EVEN_LATER);
      task.complete(ALICE, again);

      expect(task.completedAt).to.deep.equal(again);
    });

    it('keeps completed_at when a completed task is renamed', () => {
      const task = TaskMother.completed({ completedAt: LATER, updatedAt: LATER });

      task.rename(ALICE, TaskTitle.from('Buy oat milk'), EVEN_LATER);

      expect(task.completedAt).to.deep.equal(LATER);
      expect(task.updatedAt).to.deep.equal(EVEN_LATER);
    });

    it('changes several fields as one change: one version bump, one event per kind of change', () => {
      const task = TaskMother.stored();

      task.change(ALICE, { title: TaskTitle.from('Buy oat milk'), description: TaskDescription.from('Two litres'), completed: true }, LATER);

      expect(task.snapshot()).to.include({ title: 'Buy oat milk', description: 'Two litres', completed: true, version: 2 });
      const events = task.pullDomainEvents();
      expect(eventTypes(events)).to.deep.equal(['task.updated', 'task.completed']);
      for (const event of events) expect(event.task).to.deep.equal(task.snapshot());
    });

    it('records a title and description change as a single task.updated', () => {
      const task = TaskMother.stored();

      task.change(ALICE, { title: TaskTitle.from('Buy oat milk'), description: TaskDescription.from('Two litres') }, LATER);

      expect(task.version).to.equal(2);
      expect(eventTypes(task.pullDomainEvents())).to.deep.equal(['task.updated']);
    });

    it('label sets the labels, bumps the version once and records task.updated with them', () => {
      const task = TaskMother.stored();

      task.label(ALICE, TaskLabels.from(['Work', 'urgent']), LATER);

      expect(task.version).to.equal(2);
      expect(task.labels.values).to.deep.equal(['Work', 'urgent']);
      const [event] = task.pullDomainEvents();
      expect(event).to.deep.include({ type: 'task.updated' });
      expect(event?.task?.labels).to.deep.equal(['Work', 'urgent']);
    });

    it('renameLabel respells the label, or merges it into one the task has already, as one task.updated', () => {
      const respelled = TaskMother.stored({ labels: ['work', 'home'] });
      respelled.renameLabel(ALICE, 'work', LabelName.from('Work'), LATER);
      expect(respelled.labels.values).to.deep.equal(['Work', 'home']);

      const merged = TaskMother.stored({ labels: ['home', 'x', 'Office'] });
      merged.renameLabel(ALICE, 'office', LabelName.from('HOME'), LATER);
      expect(merged.labels.values).to.deep.equal(['HOME', 'x']);
      expect(merged.version).to.equal(2);
      expect(eventTypes(merged.pullDomainEvents())).to.deep.equal(['task.updated']);
    });

    it('removeLabel takes the label off in any case, keeping the others in order', () => {
      const task = TaskMother.stored({ labels: ['a', 'Work', 'b'] });

      task.removeLabel(ALICE, 'work', LATER);

      expect(task.labels.values).to.deep.equal(['a', 'b']);
      expect(eventTypes(task.pullDomainEvents())).to.deep.equal(['task.updated']);
    });

    it('records only the fields that really changed', () => {
      const task = TaskMother.stored({ title: 'Buy milk' });

      task.change(ALICE, { title: TaskTitle.from(' Buy milk '), completed: true }, LATER);

      expect(task.version).to.equal(2);
      expect(eventTypes(task.pullDomainEvents())).to.deep.equal(['task.completed']);
    });

    const NO_OPS: Record<string, { start: () => Task; act: Behaviour }> = {
      'rename to the same title': { start: () => TaskMother.stored({ title: 'Buy milk' }), act: (t, a, n) => t.rename(a, TaskTitle.from('  Buy milk '), n) },
      'describe with the same text': { start: () => TaskMother.stored({ description: 'x' }), act: (t, a, n) => t.describe(a, TaskDescription.from('x'), n) },
      'clear an absent description': { start: () => TaskMother.stored({ description: null }), act: (t, a, n) => t.describe(a, null, n) },
      'schedule for the same day': { start: () => TaskMother.stored({ dueDate: '2026-12-24' }), act: (t, a, n) => t.schedule(a, TaskDueDate.from('2026-12-24'), n) },
      'clear an absent due date': { start: () => TaskMother.stored({ dueDate: null }), act: (t, a, n) => t.schedule(a, null, n) },
      'keep the same priority': { start: () => TaskMother.stored({ priority: 'low' }), act: (t, a, n) => t.prioritize(a, TaskPriority.from('low'), n) },
      'complete a completed task': { start: () => TaskMother.completed(), act: (t, a, n) => t.complete(a, n) },
      'reopen a pending task': { start: () => TaskMother.stored(), act: (t, a, n) => t.reopen(a, n) },
      'change nothing': { start: () => TaskMother.stored(), act: (t, a, n) => t.change(a, {}, n) },
      'set the same labels in another order': {
        start: () => TaskMother.stored({ labels: ['Work', 'home'] }),
        act: (t, a, n) => t.label(a, TaskLabels.from(['home', ' Work']), n),
      },
      'rename a label the task does not have': {
        start: () => TaskMother.stored({ labels: ['Work'] }),
        act: (t, a, n) => t.renameLabel(a, 'home', LabelName.from('House'), n),
      },
      'rename a label to the spelling it has': {
        start: () => TaskMother.stored({ labels: ['Work'] }),
        act: (t, a, n) => t.renameLabel(a, 'work', LabelName.from('Work'), n),
      },
      'remove a label the task does not have': { start: () => TaskMother.stored({ labels: ['Work'] }), act: (t, a, n) => t.removeLabel(a, 'home', n) },
      'change every field to what it is': {
        start: () => TaskMother.stored({ title: 'Buy milk', description: 'x', dueDate: '2026-12-24', priority: 'high' }),
        act: (t, a, n) =>
          t.change(
            a,
            {
              title: TaskTitle.from('Buy milk'),
              description: TaskDescription.from('x'),
              dueDate: TaskDueDate.from('2026-12-24'),
              priority: TaskPriority.from('high'),
              completed: false,
            },
            n,
          ),
      },
    };
    for (const [name, { start, act }] of Object.entries(NO_OPS)) {
      it(`records nothing and keeps version and updated_at when asked to ${name}`, () => {
        const task = start();
        const before = task.snapshot();

        act(task, ALICE, EVEN_LATER);

        expect(task.snapshot()).to.deep.equal(before);
        expect(task.pullDomainEvents()).to.deep.equal([]);
      });
    }

    it('never moves updated_at backwards, even when the clock does', () => {
      const task = TaskMother.stored({ updatedAt: EVEN_LATER });

      task.rename(ALICE, TaskTitle.from('Buy oat milk'), LATER);

      expect(task.updatedAt).to.deep.equal(EVEN_LATER);
      expect(task.version).to.equal(2);
    });
  });

  describe('a user other than the owner', () => {
    for (const [name, { start, act }] of Object.entries(BEHAVIOURS)) {
      it(`cannot ${name} the task: it is not found for them, and nothing changes`, () => {
        const task = start();
        const before = task.snapshot();

        expect(() => act(task, BOB, LATER)).to.throw(TaskNotFoundError);

        expect(task.snapshot()).to.deep.equal(before);
        expect(task.isDeleted).to.equal(false);
        expect(task.pullDomainEvents()).to.deep.equal([]);
      });
    }

    it('is refused even for a change that would alter nothing', () => {
      const task = TaskMother.stored({ title: 'Buy milk' });

      expect(() => task.rename(BOB, TaskTitle.from('Buy milk'), LATER)).to.throw(TaskNotFoundError);
      expect(() => task.change(BOB, {}, LATER)).to.throw(TaskNotFoundError);
    });
  });

  describe('delete', () => {
    it('bumps the version and records task.deleted without a task state', () => {
      const task = TaskMother.stored({ version: 4 });

      task.delete(ALICE, LATER);

      expect(task.isDeleted).to.equal(true);
      expect(task.version).to.equal(5);
      expect(task.pullDomainEvents()).to.deep.equal([
        { type: 'task.deleted', taskId: task.id.value, ownerId: ALICE.value, occurredAt: LATER, task: null },
      ]);
    });

    for (const [name, { start, act }] of Object.entries(BEHAVIOURS)) {
      it(`refuses to ${name} the task once it is deleted`, () => {
        const task = start();
        task.delete(ALICE, LATER);
        task.pullDomainEvents();
        const version = task.version;

        expect(() => act(task, ALICE, EVEN_LATER)).to.throw(TaskNotFoundError);

        expect(task.version).to.equal(version);
        expect(task.pullDomainEvents()).to.deep.equal([]);
      });
    }
  });

  describe('assertVersion', () => {
    it('lets a caller through who expects nothing or the current version', () => {
      const task = TaskMother.stored({ version: 3 });

      expect(() => task.assertVersion(undefined)).not.to.throw();
      expect(() => task.assertVersion(3)).not.to.throw();
    });

    it('refuses a caller who saw another version', () => {
      const task = TaskMother.stored({ version: 3 });

      for (const expected of [2, 4, 0]) {
        expect(() => task.assertVersion(expected))
          .to.throw(TaskVersionMismatchError, `Task is at version 3, not ${expected}`)
          .that.includes({ expected, actual: 3, code: 'version_mismatch' });
      }
    });

    it('lets a caller through who lists the current version among several, and no one who lists none', () => {
      const task = TaskMother.stored({ version: 3 });

      expect(() => task.assertVersion([5, 3])).not.to.throw();
      expect(() => task.assertVersion([1, 2])).to.throw(TaskVersionMismatchError);
      expect(() => task.assertVersion([])).to.throw(TaskVersionMismatchError);
    });
  });
});
