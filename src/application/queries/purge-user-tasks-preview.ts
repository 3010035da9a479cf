import { inject, injectable } from 'inversify';
import { UserId } from '../../domain/index.js';
import type { UserErasureReport } from '../commands/purge-user-tasks.js';
import { UserNotFoundError } from '../errors.js';
import type { TaskAdminReadModel } from '../ports/task-admin-read-model.js';
import { Query, type QueryHandler } from '../query-bus.js';
import { TOKENS } from '../tokens.js';

/** What `PurgeUserTasksCommand` would erase right now: the dry run an operator sees before confirming. */
export class PurgeUserTasksPreviewQuery extends Query<UserErasureReport> {
  constructor(readonly userId: string) {
    super();
  }
}

@injectable()
export class PurgeUserTasksPreviewHandler implements QueryHandler<PurgeUserTasksPreviewQuery> {
  readonly queryType = PurgeUserTasksPreviewQuery;

  constructor(@inject(TOKENS.TaskAdminReadModel) private readonly admin: TaskAdminReadModel) {}

  async handle(query: PurgeUserTasksPreviewQuery): Promise<UserErasureReport> {
    const owner = UserId.from(query.userId);
    const footprint = await this.admin.footprint(owner.value);
    if (footprint.tasks === 0 && footprint.events === 0) throw new UserNotFoundError(owner.value);
    return { user_id: owner.value, ...footprint };
  }
}
