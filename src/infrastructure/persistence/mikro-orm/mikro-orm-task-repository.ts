import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Task, TaskPriority, type TaskId, type TaskRepository, type TaskSnapshot, type UserId } from '../../../domain/index.js';
import { appendTaskEvents } from './task-event-log.js';
import { TaskRecord } from './task-record.js';

/**
 * Tasks in PostgreSQL. `findOwned` locks the row (`FOR UPDATE`) so concurrent commands on one task queue
 * up instead of losing each other's changes; every statement names the owner as well as the id.
 */
export class MikroOrmTaskRepository implements TaskRepository {
  constructor(private readonly em: EntityManager) {}

  async findOwned(owner: UserId, id: TaskId): Promise<Task | null> {
    const record = await this.em.findOne(
      TaskRecord,
      { id: id.value, userId: owner.value },
      { lockMode: LockMode.PESSIMISTIC_WRITE, disableIdentityMap: true },
    );
    return record ? Task.rehydrate(fromRecord(record)) : null;
  }

  async save(task: Task): Promise<void> {
    const events = task.pullDomainEvents();
    if (events.length === 0) return;
    const key = { id: task.id.value, userId: task.ownerId.value };
    if (task.isDeleted) {
      await this.em.nativeDelete(TaskRecord, key);
    } else if (task.loadedVersion === 0) {
      await this.em.insert(TaskRecord, toRecord(task));
    } else {
      const { id: _id, userId: _userId, createdAt: _createdAt, ...changes } = toRecord(task);
      const updated = await this.em.nativeUpdate(TaskRecord, { ...key, version: task.loadedVersion }, changes);
      if (updated !== 1) throw new Error(`Task ${task.id.value} changed outside its lock`);
    }
    await appendTaskEvents(this.em, events);
  }
}

/** The one mapping between a task and its row, both ways; the priority is stored as its rank. */
function toRecord(task: Task): TaskRecord {
  const snapshot = task.snapshot();
  return {
    id: snapshot.id,
    userId: snapshot.ownerId,
    title: snapshot.title,
    description: snapshot.description,
    dueDate: snapshot.dueDate,
    priority: task.priority.rank,
    completed: snapshot.completed,
    completedAt: snapshot.completedAt,
    createdAt: snapshot.createdAt,
    updatedAt: snapshot.updatedAt,
    version: snapshot.version,
  };
}

function fromRecord(record: TaskRecord): TaskSnapshot {
  return {
    id: record.id,
    ownerId: record.userId,
    title: record.title,
    description: record.description,
    dueDate: record.dueDate,
    priority: TaskPriority.fromRank(record.priority).value,
    completed: record.completed,
    completedAt: record.completedAt,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    version: record.version,
  };
}
