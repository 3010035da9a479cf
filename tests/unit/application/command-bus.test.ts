import { expect } from 'chai';
import { Command } from '../../../src/application/command-bus.js';
import { CreateTaskCommand } from '../../../src/application/commands/create-task.js';
import { DeleteTaskCommand } from '../../../src/application/commands/delete-task.js';
import { SetTaskCompletionCommand } from '../../../src/application/commands/set-task-completion.js';
import { UpdateTaskCommand } from '../../../src/application/commands/update-task.js';
import type { TaskView } from '../../../src/application/ports/task-read-model.js';
import { GetTaskQuery } from '../../../src/application/queries/get-task.js';
import { TaskStatsQuery } from '../../../src/application/queries/task-stats.js';
import type { AncestorChain, ListId, MoveNeighbour, Position, PositionGap, SiblingGroup, Task, TaskId, TaskRepository, UserId } from '../../../src/domain/index.js';
import { expectRejection } from '../../support/expect-rejection.js';
import { createInMemoryApplication, type InMemoryApplication } from '../../support/in-memory-application.js';
import { ALICE } from '../../support/task-mother.js';

/** Writes like the real repository, then fails when told to: a connection lost just after a write. */
class FailingAfterSaveRepository implements TaskRepository {
  failNextSave = false;

  constructor(private readonly inner: TaskRepository) {}

  findOwned(owner: UserId, id: TaskId): Promise<Task | null> {
    return this.inner.findOwned(owner, id);
  }

  ancestorsOf(owner: UserId, id: TaskId): Promise<AncestorChain | null> {
    return this.inner.ancestorsOf(owner, id);
  }

  lastPositionUnder(owner: UserId, parent: TaskId | null, list: ListId): Promise<Position | null> {
    return this.inner.lastPositionUnder(owner, parent, list);
  }

  tasksInList(owner: UserId, list: ListId): Promise<Task[]> {
    return this.inner.tasksInList(owner, list);
  }

  findOwnedWithLabels(owner: UserId, keys: readonly string[], limit: number): Promise<Task[]> {
    return this.inner.findOwnedWithLabels(owner, keys, limit);
  }

  descendantsOf(owner: UserId, id: TaskId): Promise<Task[]> {
    return this.inner.descendantsOf(owner, id);
  }

  subtreeHeight(owner: UserId, id: TaskId): Promise<number> {
    return this.inner.subtreeHeight(owner, id);
  }

  gapBeside(owner: UserId, group: SiblingGroup, neighbour: MoveNeighbour, moving: TaskId): Promise<PositionGap | null> {
    return this.inner.gapBeside(owner, group, neighbour, moving);
  }

  async persist(task: Task): Promise<void> {
    await this.inner.persist(task);
    if (this.failNextSave) {
      this.failNextSave = false;
      throw new Error('connection lost');
    }
  }
}

class UnhandledCommand extends Command<void> {}

describe('CommandBus', () => {
  let app: InMemoryApplication;
  let repository: FailingAfterSaveRepository;
  let task: TaskView;

  const current = () => app.queries.execute(new GetTaskQuery(ALICE.value, task.id));
  const eventLog = () => app.store.events(ALICE.value).map(({ seq, event }) => [seq, event.type]);

  beforeEach(async () => {
    app = createInMemoryApplication({
      decorateRepository: (inner) => (repository = new FailingAfterSaveRepository(inner)),
    });
    task = await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Buy milk'));
  });

  describe('a command that fails after writing', () => {
    it('leaves no created task and no event behind', async () => {
      repository.failNextSave = true;

      const error = await expectRejection(app.commands.execute(new CreateTaskCommand(ALICE.value, 'Doomed')), Error);

      expect(error.message).to.equal('connection lost');
      expect(await app.queries.execute(new TaskStatsQuery(ALICE.value))).to.include({ total: 1 });
      expect(eventLog()).to.deep.equal([[1, 'task.created']]);
    });

    it('leaves the changed task as it was', async () => {
      repository.failNextSave = true;

      await expectRejection(
        app.commands.execute(new UpdateTaskCommand(ALICE.value, task.id, { title: 'Doomed', completed: true })),
        Error,
      );

      expect(await current()).to.deep.equal(task);
      expect(eventLog()).to.deep.equal([[1, 'task.created']]);
    });

    it('leaves the deleted task in place', async () => {
      repository.failNextSave = true;

      await expectRejection(app.commands.execute(new DeleteTaskCommand(ALICE.value, task.id)), Error);

      expect(await current()).to.deep.equal(task);
      expect(eventLog()).to.deep.equal([[1, 'task.created']]);
    });

    it('does not stop later commands, which carry on the event numbering without a gap', async () => {
      repository.failNextSave = true;
      await expectRejection(app.commands.execute(new SetTaskCompletionCommand(ALICE.value, task.id, true)), Error);

      const completed = await app.commands.execute(new SetTaskCompletionCommand(ALICE.value, task.id, true));

      expect(completed).to.include({ completed: true, version: 2 });
      expect(eventLog()).to.deep.equal([
        [1, 'task.created'],
        [2, 'task.completed'],
      ]);
    });
  });

  describe('concurrent commands', () => {
    it('never lose each other’s effect: fifty toggles leave the task pending at version 51', async () => {
      const toggles = Array.from({ length: 50 }, () =>
        app.commands.execute(new SetTaskCompletionCommand(ALICE.value, task.id, 'toggle')),
      );
      const answers = await Promise.all(toggles);

      expect(answers.map((answer) => answer.version)).to.deep.equal(Array.from({ length: 50 }, (_, n) => n + 2));
      expect(await current()).to.include({ completed: false, completed_at: null, version: 51 });
      const types = app.store.events(ALICE.value).slice(1).map(({ event }) => event.type);
      expect(types).to.deep.equal(Array.from({ length: 50 }, (_, n) => (n % 2 === 0 ? 'task.completed' : 'task.reopened')));
    });

    it('apply changes to different fields one after the other, keeping both', async () => {
      await Promise.all([
        app.commands.execute(new UpdateTaskCommand(ALICE.value, task.id, { title: 'Buy oat milk' })),
        app.commands.execute(new UpdateTaskCommand(ALICE.value, task.id, { description: 'Two litres' })),
      ]);

      expect(await current()).to.include({ title: 'Buy oat milk', description: 'Two litres', version: 3 });
    });

    it('let only the first of two changes expecting the same version through', async () => {
      const results = await Promise.allSettled([
        app.commands.execute(new UpdateTaskCommand(ALICE.value, task.id, { title: 'First' }, 1)),
        app.commands.execute(new UpdateTaskCommand(ALICE.value, task.id, { title: 'Second' }, 1)),
      ]);

      expect(results.map((result) => result.status)).to.deep.equal(['fulfilled', 'rejected']);
      expect(await current()).to.include({ title: 'First', version: 2 });
    });
  });

  it('refuses a command no handler is registered for, as a rejected promise', async () => {
    const error = await expectRejection(app.commands.execute(new UnhandledCommand()), Error);
    expect(error.message).to.equal('No handler registered for UnhandledCommand');
  });
});
