import { expect } from 'chai';
import { v7 } from 'uuid';
import { CreateTaskCommand } from '../../../../src/application/commands/create-task.js';
import { ImportTasksCommand, type ImportedListRecord, type ImportedTaskRecord } from '../../../../src/application/commands/import-tasks.js';
import { ExportTasksQuery } from '../../../../src/application/queries/export-tasks.js';
import { ListTasksQuery } from '../../../../src/application/queries/list-tasks.js';
import {
  DomainValidationError,
  ListId,
  ListLimitReachedError,
  ListName,
  Position,
  TaskLimitReachedError,
  TaskList,
} from '../../../../src/domain/index.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { createInMemoryApplication, type InMemoryApplication } from '../../../support/in-memory-application.js';
import { ALICE, BOB, TaskMother } from '../../../support/task-mother.js';

const NOW = new Date('2026-12-01T09:00:00.000Z');

/** A record as an export holds it: every field present. */
function exported(overrides: Partial<ImportedTaskRecord> = {}): ImportedTaskRecord {
  return {
    id: TaskMother.id().value,
    title: 'Buy milk',
    description: 'Two litres',
    completed: true,
    completed_at: '2026-11-25T10:05:00.000Z',
    created_at: '2026-11-25T10:00:00.000Z',
    updated_at: '2026-11-25T10:06:00.000Z',
    version: 3,
    ...overrides,
  };
}

describe('ImportTasksHandler', () => {
  let app: InMemoryApplication;

  const importFor = (userId: string, records: ImportedTaskRecord[]) => app.commands.execute(new ImportTasksCommand(userId, records));
  const tasksOf = async (userId = ALICE.value) =>
    (await app.queries.execute(new ListTasksQuery(userId, { sort: 'created_at', order: 'asc' }))).items;

  /** The owner's top-level titles in manual order. */
  const titlesInOrder = async (userId = ALICE.value) =>
    (await app.queries.execute(new ListTasksQuery(userId, { sort: 'position', top_level: true }))).items.map((task) => task.title);

  /** Every task of the owner's, in manual order, each indented under its parent. */
  async function outline(userId = ALICE.value, parentId: string | null = null, indent = ''): Promise<string[]> {
    const level = parentId === null ? { top_level: true } : { parent_id: parentId };
    const { items } = await app.queries.execute(new ListTasksQuery(userId, { sort: 'position', ...level }));
    const lines: string[] = [];
    for (const task of items) lines.push(`${indent}${task.title}`, ...(await outline(userId, task.id, `${indent}  `)));
    return lines;
  }

  beforeEach(() => {
    app = createInMemoryApplication({ now: NOW });
  });

  it('keeps the given positions when the owner has no task yet, and appends in the order of the positions when it has', async () => {
    await importFor(ALICE.value, [exported({ title: 'Second', position: 'a5' }), exported({ title: 'First', position: 'a1' })]);
    expect((await tasksOf()).map((task) => [task.title, task.position])).to.deep.equal([
      ['Second', 'a5'],
      ['First', 'a1'],
    ]);

    await importFor(ALICE.value, [exported({ title: 'Later', position: 'a1' }), exported({ title: 'Last', position: 'a0' })]);
    expect(await titlesInOrder()).to.deep.equal(['First', 'Second', 'Last', 'Later']);
  });

  it('appends in the order of the records when one gives no position, or two give the same', async () => {
    await importFor(ALICE.value, [exported({ title: 'Here', position: 'a0' })]);

    await importFor(ALICE.value, [exported({ title: 'B', position: 'a1' }), exported({ title: 'A' })]);
    await importFor(ALICE.value, [exported({ title: 'D', position: 'a2' }), exported({ title: 'C', position: 'a2' })]);
    await app.commands.execute(new ImportTasksCommand(BOB.value, [exported({ title: 'Y', position: 'a3' }), exported({ title: 'X', position: 'a3' })]));

    expect(await titlesInOrder()).to.deep.equal(['Here', 'B', 'A', 'D', 'C']);
    expect(await titlesInOrder(BOB.value)).to.deep.equal(['Y', 'X']);
  });

  it('brings subtasks in under their parents, whatever the order of the records, keeping each group’s order', async () => {
    const parent = exported({ title: 'Parent', position: 'a0' });
    const child = exported({ title: 'Child', parent_id: parent.id!.toUpperCase(), position: 'a1' });
    const records = [
      exported({ title: 'Grandchild', parent_id: child.id!, position: 'a0' }),
      exported({ title: 'Second child', parent_id: parent.id!, position: 'a0' }),
      child,
      parent,
      exported({ title: 'Sibling', position: 'Zz' }),
    ];

    await importFor(ALICE.value, records);

    expect(await outline()).to.deep.equal(['Sibling', 'Parent', '  Second child', '  Child', '    Grandchild']);
    // Parents are written first: the log replays into the same hierarchy.
    expect(app.store.events(ALICE.value).map(({ event }) => event.task!.title)).to.deep.equal(['Parent', 'Sibling', 'Second child', 'Child', 'Grandchild']);
  });

  it('hangs subtasks under the new id of a parent whose id was taken', async () => {
    const taken = await app.commands.execute(new CreateTaskCommand(BOB.value, 'Bob’s'));
    const parent = exported({ id: taken.id, title: 'Parent' });

    const report = await importFor(ALICE.value, [exported({ title: 'Child', parent_id: taken.id }), parent]);

    const newId = report.reassigned[0]!.to;
    expect(report.reassigned).to.deep.equal([{ from: taken.id, to: newId }]);
    const child = (await tasksOf()).find((task) => task.title === 'Child');
    expect(child).to.include({ parent_id: newId });
  });

  it('refuses a parent outside the import, a cycle and a fifth level, naming each record, and writes nothing', async () => {
    const stored = await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Stored'));
    const [a, b] = [exported(), exported()];
    const self = exported();
    const levels = [exported()];
    for (let level = 2; level <= 5; level++) levels.push(exported({ parent_id: levels.at(-1)!.id! }));

    const error = await expectRejection(
      importFor(ALICE.value, [
        exported({ parent_id: stored.id }),
        exported({ parent_id: 'not-an-id' }),
        { ...a, parent_id: b.id! },
        { ...b, parent_id: a.id! },
        { ...self, parent_id: self.id! },
        exported({ parent_id: a.id! }),
        ...levels,
      ]),
      DomainValidationError,
    );

    const outside = 'parent_id must be the id of another task in the import, or null';
    const cycle = 'A task cannot become a subtask of itself or of one of its own subtasks';
    expect(error.issues).to.deep.equal([
      { path: 'tasks[0].parent_id', message: outside },
      { path: 'tasks[1].parent_id', message: outside },
      { path: 'tasks[2].parent_id', message: cycle },
      { path: 'tasks[3].parent_id', message: cycle },
      { path: 'tasks[4].parent_id', message: cycle },
      { path: 'tasks[10].parent_id', message: 'Tasks nest at most 4 levels deep' },
    ]);
    expect((await tasksOf()).map((task) => task.title)).to.deep.equal(['Stored']);
  });

  it('refuses a position the key scheme would not make, naming the record', async () => {
    await expectRejection(importFor(ALICE.value, [exported({ position: 'a0' }), exported({ position: 'not a key!' })]), DomainValidationError);
    expect(await tasksOf()).to.deep.equal([]);
  });

  it('imports exported tasks unchanged — id, fields, completion, timestamps, version — for the named owner', async () => {
    const record = exported();

    const report = await importFor(ALICE.value, [record, exported({ completed: false, completed_at: null, version: 1 })]);

    expect(report).to.deep.equal({ user_id: ALICE.value, imported: 2, reassigned: [], lists: [] });
    const imported = (await tasksOf()).find((task) => task.id === record.id);
    expect(imported).to.deep.equal({
      id: record.id,
      user_id: ALICE.value,
      title: 'Buy milk',
      description: 'Two litres',
      due_date: null,
      priority: 'none',
      completed: true,
      completed_at: '2026-11-25T10:05:00.000Z',
      list_id: imported?.list_id,
      parent_id: null,
      position: 'a0',
      labels: [],
      repeat: null,
      repeat_from: 'due',
      created_at: '2026-11-25T10:00:00.000Z',
      updated_at: '2026-11-25T10:06:00.000Z',
      version: 3,
    });
    expect(await tasksOf(BOB.value)).to.deep.equal([]);
  });

  it('records one task.created per task, at the import, carrying the imported state', async () => {
    const records = [exported(), exported({ completed: false, completed_at: null })];

    await importFor(ALICE.value, records);

    const events = app.store.events(ALICE.value);
    // The inbox the tasks go to is the owner's first change.
    expect(events.map(({ seq, event }) => [seq, event.type, event.taskId])).to.deep.equal([
      [2, 'task.created', records[0]!.id],
      [3, 'task.created', records[1]!.id],
    ]);
    expect(events.every(({ event }) => event.occurredAt.getTime() === NOW.getTime())).to.equal(true);
    expect(events[0]!.event.task).to.include({ completed: true, version: 3 });
  });

  it('gives a new id to a record whose id is taken, by the owner or anyone else, and reports it', async () => {
    const alicesTask = await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Already here'));
    const bobsTask = await app.commands.execute(new CreateTaskCommand(BOB.value, 'Bob’s'));
    const free = exported();

    const report = await importFor(ALICE.value, [exported({ id: alicesTask.id }), exported({ id: bobsTask.id.toUpperCase() }), free]);

    expect(report.reassigned.map((change) => change.from)).to.deep.equal([alicesTask.id, bobsTask.id]);
    const ids = (await tasksOf()).map((task) => task.id);
    expect(ids).to.have.length(4);
    expect(ids).to.include.members([alicesTask.id, free.id!, ...report.reassigned.map((change) => change.to)]);
    expect(await tasksOf(BOB.value)).to.deep.equal([bobsTask]);
  });

  it('fills in what a hand-written record leaves out', async () => {
    await importFor(ALICE.value, [
      { title: 'Only a title' },
      { title: 'Done at some point', completed: true, created_at: '2026-11-20T08:00:00+01:00' },
      { title: 'Completion says it all', completed_at: '2026-11-21T10:00:00Z', created_at: '2026-11-21T09:00:00Z' },
    ]);

    const tasks = await tasksOf();
    expect(tasks.map(({ title, description, completed, completed_at, created_at, updated_at, version }) => ({
      title, description, completed, completed_at, created_at, updated_at, version,
    }))).to.deep.equal([
      { title: 'Done at some point', description: null, completed: true, completed_at: '2026-11-20T07:00:00.000Z', created_at: '2026-11-20T07:00:00.000Z', updated_at: '2026-11-20T07:00:00.000Z', version: 1 },
      { title: 'Completion says it all', description: null, completed: true, completed_at: '2026-11-21T10:00:00.000Z', created_at: '2026-11-21T09:00:00.000Z', updated_at: '2026-11-21T10:00:00.000Z', version: 1 },
      { title: 'Only a title', description: null, completed: false, completed_at: null, created_at: NOW.toISOString(), updated_at: NOW.toISOString(), version: 1 },
    ]);
  });

  it('keeps due dates and priorities, and gives records from before them none', async () => {
    const dated = exported({ due_date: '2026-12-24', priority: 'high' });
    const cleared = exported({ due_date: null, priority: 'none' });
    const older = exported();

    await importFor(ALICE.value, [dated, cleared, older]);

    const byId = new Map((await tasksOf()).map((task) => [task.id, task]));
    expect(byId.get(dated.id!)).to.include({ due_date: '2026-12-24', priority: 'high' });
    expect(byId.get(cleared.id!)).to.include({ due_date: null, priority: 'none' });
    expect(byId.get(older.id!)).to.include({ due_date: null, priority: 'none' });
  });

  it('keeps labels, normalized, and gives records without them none; a bad label is named with its record', async () => {
    const labelled = exported({ labels: ['Work', ' home', 'WORK'] });
    const older = exported();

    await importFor(ALICE.value, [labelled, older]);

    const byId = new Map((await tasksOf()).map((task) => [task.id, task]));
    expect(byId.get(labelled.id!)?.labels).to.deep.equal(['Work', 'home']);
    expect(byId.get(older.id!)?.labels).to.deep.equal([]);
    const tooMany = Array.from({ length: 21 }, (_, index) => `l${index}`);
    const error = await expectRejection(importFor(ALICE.value, [exported({ labels: ['ok', ''] }), exported({ labels: tooMany })]), DomainValidationError);
    expect(error.issues.map((issue) => issue.path)).to.deep.equal(['tasks[0].labels[1]', 'tasks[1].labels']);
  });

  it('keeps repeats, normalized, with what is left of their COUNT, and gives records from before them none', async () => {
    const weekly = exported({ completed: false, completed_at: null, due_date: '2026-12-07', repeat: 'rrule:freq=weekly;byday=mo' });
    const counted = exported({ completed: false, completed_at: null, due_date: '2026-12-01', repeat: 'FREQ=DAILY;COUNT=2', repeat_from: 'completion' });
    const older = exported({ due_date: '2026-12-07' });

    await importFor(ALICE.value, [weekly, counted, older]);

    const byId = new Map((await tasksOf()).map((task) => [task.id, task]));
    expect(byId.get(weekly.id!)).to.include({ repeat: 'FREQ=WEEKLY;BYDAY=MO', repeat_from: 'due' });
    expect(byId.get(counted.id!)).to.include({ repeat: 'FREQ=DAILY;COUNT=2', repeat_from: 'completion' });
    expect(byId.get(older.id!)).to.include({ repeat: null, repeat_from: 'due' });
    // The export of an import gives the same records back.
    const again = await app.queries.execute(new ExportTasksQuery(ALICE.value));
    expect(again.tasks.map((task) => [task.repeat, task.repeat_from])).to.deep.equal([
      ['FREQ=WEEKLY;BYDAY=MO', 'due'],
      ['FREQ=DAILY;COUNT=2', 'completion'],
      [null, 'due'],
    ]);
  });

  it('refuses a repeat without a due date, a rule it does not take or no date matches, an unknown repeat_from, naming the record', async () => {
    const error = await expectRejection(
      importFor(ALICE.value, [
        exported({ repeat: 'FREQ=DAILY' }),
        exported({ due_date: '2026-12-07', repeat: 'FREQ=DAILY;BYSETPOS=1' }),
        exported({ due_date: '2026-12-07', repeat: 'FREQ=DAILY', repeat_from: 'whenever' }),
        exported({ due_date: '2026-12-07', repeat: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' }),
      ]),
      DomainValidationError,
    );

    expect(error.issues.map((issue) => issue.path)).to.deep.equal(['tasks[0].repeat', 'tasks[1].repeat', 'tasks[2].repeat_from', 'tasks[3].repeat']);
    expect(await tasksOf()).to.deep.equal([]);
  });

  it('refuses impossible due dates and unknown priorities, naming the record', async () => {
    const error = await expectRejection(
      importFor(ALICE.value, [exported({ due_date: '2026-02-30' }), exported({ priority: 'urgent' })]),
      DomainValidationError,
    );

    expect(error.issues.map((issue) => issue.path)).to.deep.equal(['tasks[0].due_date', 'tasks[1].priority']);
    expect(await tasksOf()).to.deep.equal([]);
  });

  it('imports nothing if any record is invalid, and names every problem with its record', async () => {
    const duplicate = TaskMother.id().value;

    const error = await expectRejection(
      importFor(ALICE.value, [
        exported(),
        exported({ title: '   ', description: 'x'.repeat(1001) }),
        exported({ id: 'not-a-uuid' }),
        exported({ id: duplicate }),
        exported({ id: duplicate }),
        exported({ created_at: '25/11/2026' }),
        exported({ completed: false }),
        exported({ updated_at: '2026-11-24T00:00:00Z' }),
      ]),
      DomainValidationError,
    );

    expect(error.issues).to.deep.equal([
      { path: 'tasks[2].id', message: 'Task id must be a UUID' },
      { path: 'tasks[4].id', message: 'Task id appears more than once in the import' },
      { path: 'tasks[1].title', message: 'Title must not be empty' },
      { path: 'tasks[1].description', message: 'Description must be at most 1000 characters' },
      { path: 'tasks[5].created_at', message: 'created_at must be an ISO 8601 date-time with an offset, e.g. 2026-11-25T10:00:00.000Z' },
      { path: 'tasks[6].completed_at', message: 'completed_at must be null when completed is false' },
      { path: 'tasks[7].updated_at', message: 'updated_at must not be before created_at' },
      { path: 'tasks[7].completed_at', message: 'completed_at must lie between created_at and updated_at' },
    ]);
    expect(await tasksOf()).to.deep.equal([]);
    expect(app.store.events()).to.deep.equal([]);
  });

  it('writes nothing when storing fails part-way', async () => {
    let saves = 0;
    app = createInMemoryApplication({
      now: NOW,
      decorateRepository: (repository) => ({
        findOwned: (owner, id) => repository.findOwned(owner, id),
        ancestorsOf: (owner, id) => repository.ancestorsOf(owner, id),
        lastPositionUnder: (owner, parent, list) => repository.lastPositionUnder(owner, parent, list),
        descendantsOf: (owner, id) => repository.descendantsOf(owner, id),
        tasksInList: (owner, list) => repository.tasksInList(owner, list),
        subtreeHeight: (owner, id) => repository.subtreeHeight(owner, id),
        gapBeside: (owner, group, neighbour, moving) => repository.gapBeside(owner, group, neighbour, moving),
        findOwnedWithLabels: (owner, keys, limit) => repository.findOwnedWithLabels(owner, keys, limit),
        persist: async (task) => {
          if (++saves === 2) throw new Error('disk full');
          await repository.persist(task);
        },
      }),
    });

    await expectRejection(importFor(ALICE.value, [exported(), exported()]), Error);

    expect(await tasksOf()).to.deep.equal([]);
    expect(app.store.events()).to.deep.equal([]);
  });

  it('refuses an invalid owner before looking at the records', async () => {
    const error = await expectRejection(importFor('', [exported()]), DomainValidationError);

    expect(error.issues.map((issue) => issue.path)).to.deep.equal(['user_id']);
  });

  it('refuses values PostgreSQL could not store or the task could not outgrow: huge versions, impossible dates', async () => {
    const error = await expectRejection(
      importFor(ALICE.value, [
        exported({ version: 3_000_000_000 }),
        exported({ created_at: '0000-01-01T00:00:00Z' }),
        exported({ created_at: '2026-02-30T00:00:00Z' }),
        exported({ version: 2.5 }),
      ]),
      DomainValidationError,
    );
    expect(error.issues.map((issue) => issue.path)).to.deep.equal([
      'tasks[0].version',
      'tasks[1].created_at',
      'tasks[2].created_at',
      'tasks[3].version',
    ]);
    expect(await tasksOf()).to.deep.equal([]);
  });

  it('accepts an empty import', async () => {
    expect(await importFor(ALICE.value, [])).to.deep.equal({ user_id: ALICE.value, imported: 0, reassigned: [], lists: [] });
  });

  it('imports nothing when the tasks would take the owner over their limit, and everything that fits', async () => {
    app = createInMemoryApplication({ now: NOW, maxTasksPerUser: 3 });
    await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Already here'));

    await expectRejection(importFor(ALICE.value, [exported(), exported(), exported()]), TaskLimitReachedError);
    expect((await tasksOf()).map((task) => task.title)).to.deep.equal(['Already here']);

    await importFor(ALICE.value, [exported(), exported()]);
    expect(await tasksOf()).to.have.length(3);
  });

  describe('lists', () => {
    const FILE_INBOX = '00000000-0000-7000-8000-00000000000a';
    const FILE_HOME = '00000000-0000-7000-8000-00000000000b';
    const FILE_WORK = '00000000-0000-7000-8000-00000000000c';
    const fileLists = (): ImportedListRecord[] => [
      { id: FILE_WORK, name: 'Work', position: 'a2' },
      { id: FILE_INBOX, name: 'My inbox', is_inbox: true, position: 'a0' },
      { id: FILE_HOME, name: 'Home', position: 'a1' },
    ];
    const importWithLists = (userId: string, records: ImportedTaskRecord[], lists: ImportedListRecord[] = fileLists()) =>
      app.commands.execute(new ImportTasksCommand(userId, records, lists));

    /** The owner's lists in order, each with its tasks in manual order, subtasks indented. */
    async function listOutline(userId = ALICE.value): Promise<string[]> {
      const { lists, tasks } = await app.queries.execute(new ExportTasksQuery(userId));
      const under = (listId: string, parentId: string | null, indent: string): string[] =>
        tasks
          .filter((task) => task.list_id === listId && task.parent_id === parentId)
          .sort((a, b) => (a.position < b.position ? -1 : 1))
          .flatMap((task) => [`${indent}${task.title}`, ...under(listId, task.id, `${indent}  `)]);
      return lists.map((list) => `${list.name}: ${under(list.id, null, '').join(', ')}`);
    }

    it('makes the file’s lists after the owner’s, in the file’s order, with new ids, each task in its list in its place', async () => {
      await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Already here'));
      const sweep = exported({ title: 'Sweep', list_id: FILE_HOME, position: 'a1' });
      const records = [
        exported({ title: 'Kitchen', parent_id: sweep.id!, position: 'a0' }),
        sweep,
        exported({ title: 'Dishes', list_id: FILE_HOME.toUpperCase(), position: 'a0' }),
        exported({ title: 'Report', list_id: FILE_WORK }),
        exported({ title: 'Errand', list_id: FILE_INBOX, position: 'a0' }),
        exported({ title: 'Loose', list_id: null }),
      ];

      const report = await importWithLists(ALICE.value, records);

      expect(await listOutline()).to.deep.equal(['Inbox: Already here, Errand, Loose', 'Home: Dishes, Sweep,   Kitchen', 'Work: Report']);
      const [inbox, home, work] = app.lists.listsInOrder(ALICE.value);
      expect(report.lists).to.deep.equal([
        { name: 'Work', id: work!.id, created: true },
        { name: 'My inbox', id: inbox!.id, created: false },
        { name: 'Home', id: home!.id, created: true },
      ]);
      expect([home!.id, work!.id]).to.not.include.members([FILE_HOME, FILE_WORK]);
      expect(inbox!.name).to.equal('Inbox');
      // Each new list, then each task, recorded its creation.
      expect(app.lists.events().map((event) => event.type)).to.deep.equal(['list.created', 'list.created', 'list.created']);
    });

    it('puts tasks into the owner’s list of the same name, in any case, after the tasks it has', async () => {
      const stored = TaskList.create({ id: ListId.from(v7()), owner: ALICE, name: ListName.from('HOME'), position: Position.from('a5'), now: NOW });
      await app.lists.persist(stored);
      await app.commands.execute(new CreateTaskCommand(ALICE.value, 'Stored', null, undefined, undefined, undefined, undefined, stored.id.value));

      const report = await importWithLists(ALICE.value, [exported({ title: 'Dishes', list_id: FILE_HOME, position: 'a0' })]);

      expect(report.lists.find((list) => list.name === 'Home')).to.deep.equal({ name: 'Home', id: stored.id.value, created: false });
      expect(await listOutline()).to.deep.equal(['Inbox: ', 'HOME: Stored, Dishes', 'Work: ']);
    });

    it('takes a file from before lists, and tasks naming no list, into the inbox', async () => {
      await importFor(ALICE.value, [exported({ title: 'Old' }), exported({ title: 'Older', list_id: 'inbox' })]);

      expect(await listOutline()).to.deep.equal(['Inbox: Old, Older']);
    });

    it('refuses a list_id naming no list of the file, a subtask in another list than its parent, and bad lists, writing nothing', async () => {
      const parent = exported({ title: 'Parent', list_id: FILE_HOME });
      const error = await expectRejection(
        importWithLists(
          ALICE.value,
          [
            exported({ list_id: '00000000-0000-7000-8000-0000000000ff' }),
            parent,
            exported({ title: 'Child', parent_id: parent.id!, list_id: FILE_WORK }),
            exported({ title: 'Fine child', parent_id: parent.id!, list_id: FILE_HOME }),
          ],
          [
            ...fileLists(),
            { id: FILE_HOME, name: 'home' },
            { name: 'Second inbox', is_inbox: true },
            { name: '  ' },
            { name: 'Badly placed', position: 'not a key!' },
          ],
        ),
        DomainValidationError,
      );

      expect(error.issues.map((issue) => issue.path)).to.deep.equal([
        'lists[3].name',
        'lists[3].id',
        'lists[4].is_inbox',
        'lists[5].name',
        'lists[6].position',
        'tasks[0].list_id',
        'tasks[2].list_id',
      ]);
      expect(error.issues[6]!.message).to.equal("A subtask belongs to its parent's list: leave list_id out or name that list");
      expect(await tasksOf()).to.deep.equal([]);
      expect(app.lists.listsInOrder(ALICE.value).filter((list) => !list.isInbox)).to.deep.equal([]);
    });

    it('imports nothing when the new lists would take the owner over MAX_LISTS_PER_USER', async () => {
      app = createInMemoryApplication({ now: NOW, maxListsPerUser: 2 });

      await expectRejection(importWithLists(ALICE.value, [exported({ list_id: FILE_HOME }), exported({ list_id: FILE_WORK })]), ListLimitReachedError);

      expect(await tasksOf()).to.deep.equal([]);
      expect(app.lists.listsInOrder(ALICE.value).filter((list) => !list.isInbox)).to.deep.equal([]);
      await importWithLists(ALICE.value, [exported({ list_id: FILE_HOME })], fileLists().slice(1));
      expect(await listOutline()).to.deep.equal(['Inbox: ', 'Home: Buy milk']);
    });
  });
});
