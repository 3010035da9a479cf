import { inject, injectable } from 'inversify';
import { UserId } from '../../domain/index.js';
import { UserNotFoundError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { TaskAdminReadModel } from '../ports/task-admin-read-model.js';
import type { ListView } from '../list-view.js';
import type { TaskView } from '../ports/task-read-model.js';
import { Query, type QueryHandler } from '../query-bus.js';
import { TOKENS } from '../tokens.js';

export interface TaskExport {
  user_id: string;
  exported_at: string;
  /** Every list in its wire shape, in the owner's manual order; each task's `list_id` names one of them. */
  lists: ListView[];
  /** Every task in its wire shape, oldest first: with the lists, what `ImportTasksCommand` takes back. */
  tasks: TaskView[];
}

/** All of one user's lists and tasks, for a backup, a move, or a subject-access request. */
export class ExportTasksQuery extends Query<TaskExport> {
  constructor(readonly userId: string) {
    super();
  }
}

@injectable()
export class ExportTasksHandler implements QueryHandler<ExportTasksQuery> {
  readonly queryType = ExportTasksQuery;

  constructor(
    @inject(TOKENS.TaskAdminReadModel) private readonly admin: TaskAdminReadModel,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async handle(query: ExportTasksQuery): Promise<TaskExport> {
    const owner = UserId.from(query.userId);
    const exportedAt = this.clock.now();
    const { lists, tasks } = await this.admin.listsAndTasksOf(owner.value);
    // A user with no tasks left but a change log is known (an empty export is right); one with neither is not.
    if (tasks.length === 0 && (await this.admin.footprint(owner.value)).events === 0) {
      throw new UserNotFoundError(owner.value);
    }
    return { user_id: owner.value, exported_at: exportedAt.toISOString(), lists, tasks };
  }
}
