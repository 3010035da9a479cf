import { inject, injectable } from 'inversify';
import { TaskId, TaskNotFoundError, UserId } from '../../domain/index.js';
import type { TaskReadModel, TaskView } from '../ports/task-read-model.js';
import { Query, type QueryHandler } from '../query-bus.js';
import { TOKENS } from '../tokens.js';

export class GetTaskQuery extends Query<TaskView> {
  constructor(
    readonly userId: string,
    readonly taskId: string,
  ) {
    super();
  }
}

@injectable()
export class GetTaskHandler implements QueryHandler<GetTaskQuery> {
  readonly queryType = GetTaskQuery;

  constructor(@inject(TOKENS.TaskReadModel) private readonly tasks: TaskReadModel) {}

  async handle(query: GetTaskQuery): Promise<TaskView> {
    const owner = UserId.from(query.userId);
    const id = TaskId.tryParse(query.taskId);
    const task = id ? await this.tasks.findOne(owner.value, id.value) : null;
    if (!task) throw new TaskNotFoundError();
    return task;
  }
}
