import { inject, injectable } from 'inversify';
import { UserId } from '../../domain/index.js';
import { UserNotFoundError } from '../errors.js';
import type { TaskAdminReadModel, UserTaskStats } from '../ports/task-admin-read-model.js';
import type { TaskCounts } from '../ports/task-read-model.js';
import { Query, type QueryHandler } from '../query-bus.js';
import { TOKENS } from '../tokens.js';

export interface AdminTaskStats {
  users: UserTaskStats[];
  totals: TaskCounts & { users: number };
}

/** Task counts per user and in total: every user who has tasks, or the one named. */
export class AdminTaskStatsQuery extends Query<AdminTaskStats> {
  constructor(readonly userId?: string) {
    super();
  }
}

@injectable()
export class AdminTaskStatsHandler implements QueryHandler<AdminTaskStatsQuery> {
  readonly queryType = AdminTaskStatsQuery;

  constructor(@inject(TOKENS.TaskAdminReadModel) private readonly admin: TaskAdminReadModel) {}

  async handle(query: AdminTaskStatsQuery): Promise<AdminTaskStats> {
    const users = query.userId === undefined ? await this.admin.statsByUser() : await this.oneUser(query.userId);
    const totals = { users: users.length, total: 0, pending: 0, completed: 0 };
    for (const user of users) {
      totals.total += user.total;
      totals.pending += user.pending;
      totals.completed += user.completed;
    }
    return { users, totals };
  }

  private async oneUser(userId: string): Promise<UserTaskStats[]> {
    const owner = UserId.from(userId);
    const [stats] = await this.admin.statsByUser(owner.value);
    if (stats) return [stats];
    // No tasks: a user whose tasks were all deleted still counts (as zero); one never seen does not.
    if ((await this.admin.footprint(owner.value)).events === 0) throw new UserNotFoundError(owner.value);
    return [{ user_id: owner.value, total: 0, pending: 0, completed: 0 }];
  }
}
