import { v7 } from 'uuid';
import {
  Position,
  Task,
  TaskDescription,
  TaskId,
  TaskTitle,
  UserId,
  type TaskPlacement,
  type TaskSnapshot,
} from '../../src/domain/index.js';

export const ALICE = UserId.from('user-alice');
export const BOB = UserId.from('user-bob');
export const CREATED_AT = new Date('2026-11-25T10:00:00.000Z');

/** The last position handed out: each new task goes after it, so tasks stored together never share one. */
let lastPosition: Position | null = null;

/** Builds tasks in the states tests start from, with defaults for whatever a test does not care about. */
export const TaskMother = {
  id(): TaskId {
    return TaskId.from(v7());
  },

  /** On the top level, after every task placed so far (the application puts a new task at the end of its group). */
  placement(): TaskPlacement {
    lastPosition = Position.between(lastPosition, null);
    return { parentId: null, position: lastPosition };
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
      placement: TaskMother.placement(),
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
      parentId: null,
      position: 'a0',
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
