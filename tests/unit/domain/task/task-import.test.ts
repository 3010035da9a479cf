import { expect } from 'chai';
import { DomainValidationError, Task, TaskDescription, TaskDueDate, TaskPriority, TaskTitle, type TaskId } from '../../../../src/domain/index.js';
import { ALICE, CREATED_AT, TaskMother } from '../../../support/task-mother.js';

const COMPLETED_AT = new Date(CREATED_AT.getTime() + 60_000);
const UPDATED_AT = new Date(CREATED_AT.getTime() + 120_000);
const IMPORTED_AT = new Date('2027-01-01T00:00:00.000Z');

function importTask(overrides: Partial<Parameters<typeof Task.import>[0]> = {}, id: TaskId = TaskMother.id()): Task {
  return Task.import({
    id,
    owner: ALICE,
    listId: TaskMother.listOf(ALICE),
    title: TaskTitle.from('Buy milk'),
    description: TaskDescription.from('Two litres'),
    completedAt: COMPLETED_AT,
    createdAt: CREATED_AT,
    updatedAt: UPDATED_AT,
    version: 4,
    now: IMPORTED_AT,
    ...overrides,
  });
}

describe('Task.import', () => {
  it('keeps the task’s history and records task.created at the import, carrying that state', () => {
    const id = TaskMother.id();

    const task = importTask({}, id);

    const snapshot = {
      id: id.value,
      ownerId: ALICE.value,
      title: 'Buy milk',
      description: 'Two litres',
      dueDate: null,
      priority: 'none',
      completed: true,
      completedAt: COMPLETED_AT,
      listId: TaskMother.listOf(ALICE).value,
      parentId: null,
      position: 'a0',
      labels: [],
      repeat: null,
      repeatFrom: 'due',
      createdAt: CREATED_AT,
      updatedAt: UPDATED_AT,
      version: 4,
    };
    expect(task.snapshot()).to.deep.equal(snapshot);
    expect(task.pullDomainEvents()).to.deep.equal([
      { type: 'task.created', taskId: id.value, ownerId: ALICE.value, occurredAt: IMPORTED_AT, task: snapshot },
    ]);
  });

  it('keeps a due date and a priority, which default to none', () => {
    const task = importTask({ dueDate: TaskDueDate.from('2026-12-24'), priority: TaskPriority.from('medium') });

    expect(task.snapshot()).to.include({ dueDate: '2026-12-24', priority: 'medium' });
    expect(task.pullDomainEvents()[0]?.task).to.include({ dueDate: '2026-12-24', priority: 'medium' });
  });

  it('imports a pending task', () => {
    const task = importTask({ completedAt: null });

    expect(task.snapshot()).to.include({ completed: false, completedAt: null });
  });

  it('behaves like any other task once imported', () => {
    const task = importTask();
    task.pullDomainEvents();

    task.reopen(ALICE, IMPORTED_AT);

    expect(task.snapshot()).to.include({ completed: false, version: 5, updatedAt: IMPORTED_AT });
    expect(task.pullDomainEvents().map((event) => event.type)).to.deep.equal(['task.reopened']);
  });

  it('refuses a history that does not hang together, naming every field at fault', () => {
    const before = new Date(CREATED_AT.getTime() - 1);

    let error: unknown;
    try {
      importTask({ updatedAt: before, completedAt: new Date(UPDATED_AT.getTime() + 1), version: 0 });
    } catch (caught) {
      error = caught;
    }

    expect(error).to.be.instanceOf(DomainValidationError);
    expect((error as DomainValidationError).issues.map((issue) => issue.path)).to.deep.equal(['version', 'updated_at', 'completed_at']);
  });

  it('refuses a completion before the creation, a fractional version and an invalid date', () => {
    expect(() => importTask({ completedAt: new Date(CREATED_AT.getTime() - 1) })).to.throw(DomainValidationError, 'completed_at');
    expect(() => importTask({ version: 1.5 })).to.throw(DomainValidationError, 'version');
    expect(() => importTask({ createdAt: new Date('nonsense') })).to.throw(DomainValidationError, 'created_at');
  });
});
