/**
 * Lists written straight through a running service's own list repository and unit of work, as its list commands
 * write them: for tests of what reads the change log (the feed, the stream, compaction), which need list changes
 * from the real write path.
 */
import { inboxCandidate } from '../../src/application/commands/owned-list.js';
import type { Clock } from '../../src/application/ports/clock.js';
import type { IdGenerator } from '../../src/application/ports/id-generator.js';
import type { UnitOfWork } from '../../src/application/ports/unit-of-work.js';
import { TOKENS } from '../../src/application/tokens.js';
import { ListId, UserId, type TaskListRepository } from '../../src/domain/index.js';
import { ListWrites } from './contracts/persistence-fixture.js';
import type { TestService } from './test-service.js';

export class ServiceLists {
  private readonly lists: TaskListRepository;
  private readonly unitOfWork: UnitOfWork;
  private readonly ids: IdGenerator;
  private readonly clock: Clock;
  private readonly writes: ListWrites;

  constructor(service: TestService) {
    const container = service.service.runtime.container;
    this.lists = container.get<TaskListRepository>(TOKENS.TaskListRepository);
    this.unitOfWork = container.get<UnitOfWork>(TOKENS.UnitOfWork);
    this.ids = container.get<IdGenerator>(TOKENS.IdGenerator);
    this.clock = container.get<Clock>(TOKENS.Clock);
    this.writes = new ListWrites({ lists: this.lists, unitOfWork: this.unitOfWork });
  }

  /** The id of the user's inbox, made now if they have none: their first change when they have no other. */
  async inbox(userId: string): Promise<string> {
    const owner = UserId.from(userId);
    const access = { lists: this.lists, ids: this.ids, clock: this.clock };
    return (await this.unitOfWork.run(({ lists }) => lists.inboxIdOf(owner, inboxCandidate(access, owner)))).value;
  }

  async create(userId: string, name: string): Promise<string> {
    return (await this.writes.create(UserId.from(userId), this.clock.now(), name, this.ids.newListId())).value;
  }

  rename(userId: string, listId: string, name: string): Promise<void> {
    return this.writes.rename(UserId.from(userId), ListId.from(listId), name, this.clock.now());
  }

  /** Deletes a list that holds no task. */
  remove(userId: string, listId: string): Promise<void> {
    return this.writes.remove(UserId.from(userId), ListId.from(listId), this.clock.now());
  }
}
