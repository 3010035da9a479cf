import type { UserDataFootprint } from '../../../application/ports/task-admin-read-model.js';
import type { UserTaskErasure } from '../../../application/ports/user-task-erasure.js';
import type { InMemoryTaskStore } from './in-memory-task-store.js';

/** `UserTaskErasure` over an `InMemoryTaskStore`; `InMemoryUnitOfWork` puts it all back if the work fails. */
export class InMemoryUserTaskErasure implements UserTaskErasure {
  constructor(private readonly store: InMemoryTaskStore) {}

  async erase(ownerId: string): Promise<UserDataFootprint> {
    return this.store.eraseOwner(ownerId);
  }
}
