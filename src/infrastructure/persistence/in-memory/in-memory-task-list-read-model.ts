import { toListView, type ListView } from '../../../application/list-view.js';
import type { TaskListReadModel } from '../../../application/ports/task-list-read-model.js';
import type { InMemoryTaskListRepository } from './in-memory-task-list-repository.js';

/** `TaskListReadModel` over the lists an `InMemoryTaskListRepository` holds, ordered as the SQL one orders them. */
export class InMemoryTaskListReadModel implements TaskListReadModel {
  constructor(private readonly repository: InMemoryTaskListRepository) {}

  async findOne(ownerId: string, listId: string): Promise<ListView | null> {
    const list = this.repository.listsInOrder(ownerId).find((candidate) => candidate.id === listId.toLowerCase());
    return list ? toListView(list) : null;
  }

  async lists(ownerId: string): Promise<ListView[]> {
    return this.repository.listsInOrder(ownerId).map(toListView);
  }
}
