import { createHash } from 'node:crypto';
import { v7 } from 'uuid';
import {
  ListId,
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

  /**
   * The list tests put an owner's tasks in: the same id for one owner every time, another for each owner (the
   * PostgreSQL test adapters store it as the owner's inbox before the first task goes in).
   */
  listOf(owner: UserId): ListId {
    const hex = createHash('sha256').update(owner.value).digest('hex');
    return ListId.from(`${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`);
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
      listId: TaskMother.listOf(overrides.owner ?? ALICE),
      now: overrides.now ?? CREATED_AT,
    });
  },

  snapshot(overrides: Partial<TaskSnapshot> = {}): TaskSnapshot {
    return {
      listId: TaskMother.listOf(overrides.ownerId === undefined ? ALICE : UserId.from(overrides.ownerId)).value,
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
      labels: [],
      repeat: null,
      repeatFrom: 'due',
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
