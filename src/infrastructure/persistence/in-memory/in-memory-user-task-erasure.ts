import type { UserDataFootprint } from '../../../application/ports/task-admin-read-model.js';
import type { UserTaskErasure } from '../../../application/ports/user-task-erasure.js';
import type { InMemoryIdempotencyStore } from './in-memory-idempotency-store.js';
import type { InMemoryTaskStore } from './in-memory-task-store.js';

/**
 * `UserTaskErasure` over an `InMemoryTaskStore` and an `InMemoryIdempotencyStore`. If the work it runs in
 * fails, `InMemoryUnitOfWork` puts back the tasks and events, and the idempotency keys with them.
 */
export class InMemoryUserTaskErasure implements UserTaskErasure {
  constructor(
    private readonly store: InMemoryTaskStore,
    private readonly idempotency: InMemoryIdempotencyStore,
  ) {}

  async erase(ownerId: string): Promise<UserDataFootprint> {
    const erased = this.store.eraseOwner(ownerId);
    this.idempotency.forgetOwner(ownerId);
    return erased;
  }
}
