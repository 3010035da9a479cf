import { v7 } from 'uuid';
import { Task, TaskDescription, TaskId, TaskTitle, UserId, type TaskSnapshot } from '../../src/domain/index.js';

export const ALICE = UserId.from('user-alice');
export const BOB = UserId.from('user-bob');
export const CREATED_AT = new Date('2026-11-25T10:00:00.000Z');

/** Builds tasks in the states tests start from, with defaults for whatever a test does not care about. */
export const TaskMother = {
  id(): TaskId {
    return TaskId.from(v7());
  },

  /** A task as `Task.create` makes it, its `task.created` event still waiting to be pulled. */
  created(
    overrides: { id?: TaskId; owner?: UserId; title?: string; description?: string | null; now?: Date } = {},
  ): Task {
    return Task.create({
      id: overrides.id ?? TaskMother.id(),
      owner: overrides.owner ?? ALICE,
      title: TaskTitle.from(overrides.title ?? 'Buy milk'),
      description: TaskDescription.fromNullable(overrides.description ?? null),
      now: overrides.now ?? CREATED_AT,
    });
  },

  snapshot(overrides: Partial<TaskSnapshot> = {}): TaskSnapshot {
    return {
      id: TaskMother.id().value,
      ownerId: ALICE.value,
      title: 'Buy milk',
      description: null,
      dueDate: null,
      priority: 'none',
      completed: false,
      completedAt: null,
      createdAt: CREATED_AT,
      updatedAt: CREATED_AT,
      version: 1,
      ...overrides,
    };
  },

  /** A task loaded from storage: it has recorded nothing. */
  stored(overrides: Partial<TaskSnapshot> = {}): Task {
    return Task.rehydrate(TaskMother.snapshot(overrides));
  },

  completed(overrides: Partial<TaskSnapshot> = {}): Task {
    const completedAt = overrides.completedAt ?? new Date(CREATED_AT.getTime() + 60_000);
    return TaskMother.stored({ completed: true, completedAt, updatedAt: completedAt, version: 2, ...overrides });
  },
};
