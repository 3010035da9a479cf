import { AggregateRoot } from '../shared/aggregate-root.js';
import { Position } from '../shared/position.js';
import type { ExpectedVersion } from '../task/task.js';
import { UserId } from '../task/user-id.js';
import { InboxNotDeletableError, ListNotFoundError, ListVersionMismatchError } from './list-errors.js';
import type { ListEvent, ListEventType, ListSnapshot } from './list-events.js';
import { ListId } from './list-id.js';
import { ListName } from './list-name.js';

/** The name a new inbox gets; its owner may rename it. */
export const INBOX_NAME = 'Inbox';

/**
 * A user's list of tasks. Like `Task`, every behaviour takes the acting user and refuses anyone but the owner
 * with the same error as a missing list; each effective change bumps `version` once and records one event.
 * Every user has exactly one inbox, which can be renamed and moved but not deleted.
 */
export class TaskList extends AggregateRoot<ListEvent> {
  private constructor(
    readonly id: ListId,
    readonly ownerId: UserId,
    private _name: ListName,
    readonly isInbox: boolean,
    private _position: Position,
    readonly createdAt: Date,
    private _updatedAt: Date,
    private _version: number,
    private _deleted: boolean,
  ) {
    super();
  }

  static create(params: { id: ListId; owner: UserId; name: ListName; position: Position; now: Date }): TaskList {
    const { id, owner, name, position, now } = params;
    const list = new TaskList(id, owner, name, false, position, now, now, 1, false);
    list.recordChange('list.created', now);
    return list;
  }

  /** The owner's inbox, made the first time the owner needs one. */
  static inbox(params: { id: ListId; owner: UserId; position: Position; now: Date }): TaskList {
    const { id, owner, position, now } = params;
    const list = new TaskList(id, owner, ListName.from(INBOX_NAME), true, position, now, now, 1, false);
    list.recordChange('list.created', now);
    return list;
  }

  /** Rebuilds a stored list; records nothing. */
  static rehydrate(snapshot: ListSnapshot): TaskList {
    return new TaskList(
      ListId.from(snapshot.id),
      UserId.from(snapshot.ownerId),
      ListName.from(snapshot.name),
      snapshot.isInbox,
      Position.from(snapshot.position),
      snapshot.createdAt,
      snapshot.updatedAt,
      snapshot.version,
      false,
    );
  }

  get name(): ListName {
    return this._name;
  }
  get position(): Position {
    return this._position;
  }
  get updatedAt(): Date {
    return this._updatedAt;
  }
  get version(): number {
    return this._version;
  }
  get isDeleted(): boolean {
    return this._deleted;
  }

  /** Optimistic concurrency, as `Task.assertVersion`. */
  assertVersion(expected: ExpectedVersion | undefined): void {
    if (expected === undefined) return;
    const versions = typeof expected === 'number' ? [expected] : expected;
    if (!versions.includes(this._version)) throw new ListVersionMismatchError(versions[0] ?? 0, this._version);
  }

  rename(actor: UserId, name: ListName, now: Date): void {
    this.assertOwnedBy(actor);
    if (name.equals(this._name)) return;
    this._name = name;
    this.touch(now);
    this.recordChange('list.updated', now);
  }

  /** Puts the list at `position` in the owner's manual order (the caller computes it between the neighbours). */
  moveTo(actor: UserId, position: Position, now: Date): void {
    this.assertOwnedBy(actor);
    if (position.equals(this._position)) return;
    this._position = position;
    this.touch(now);
    this.recordChange('list.updated', now);
  }

  /** Deletes the list; its tasks are deleted by the caller, each with its own event, in the same unit of work. */
  delete(actor: UserId, now: Date): void {
    this.assertOwnedBy(actor);
    if (this.isInbox) throw new InboxNotDeletableError();
    this._deleted = true;
    this.touch(now);
    this.recordChange('list.deleted', now);
  }

  snapshot(): ListSnapshot {
    return {
      id: this.id.value,
      ownerId: this.ownerId.value,
      name: this._name.value,
      isInbox: this.isInbox,
      position: this._position.value,
      createdAt: this.createdAt,
      updatedAt: this._updatedAt,
      version: this._version,
    };
  }

  private assertOwnedBy(actor: UserId): void {
    if (!this.ownerId.equals(actor) || this._deleted) throw new ListNotFoundError();
  }

  private touch(now: Date): void {
    // Never let updated_at run backwards, even if the clock does.
    this._updatedAt = now > this._updatedAt ? now : this._updatedAt;
    this._version += 1;
  }

  private recordChange(type: ListEventType, now: Date): void {
    this.record({
      type,
      listId: this.id.value,
      ownerId: this.ownerId.value,
      occurredAt: now,
      list: this._deleted ? null : this.snapshot(),
    });
  }
}
