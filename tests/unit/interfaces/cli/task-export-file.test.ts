import { expect } from 'chai';
import { CliError, EXIT } from '../../../../src/interfaces/cli/exit-status.js';
import { parseImportFile, toExportFile } from '../../../../src/interfaces/cli/task-export-file.js';

const TASK = {
  id: '01935f0e-7b7c-7cc2-9f1e-2a0c8f4f8f11',
  user_id: 'alice',
  title: 'Buy milk',
  description: null,
  due_date: '2026-12-24',
  priority: 'high' as const,
  completed: false,
  completed_at: null,
  list_id: '00000000-0000-4000-8000-000000000001',
  parent_id: '01935f0e-7b7c-7cc2-9f1e-2a0c8f4f8f10',
  position: 'a0',
  labels: ['Work'],
  repeat: 'FREQ=WEEKLY;COUNT=3;BYDAY=MO',
  repeat_from: 'completion' as const,
  created_at: '2026-11-25T10:00:00.000Z',
  updated_at: '2026-11-25T10:00:00.000Z',
  version: 1,
};

const INBOX = {
  id: TASK.list_id,
  name: 'Inbox',
  is_inbox: true,
  position: 'a0',
  created_at: '2026-11-25T09:00:00.000Z',
  updated_at: '2026-11-25T09:00:00.000Z',
  version: 1,
};

function failureOf(text: string): CliError {
  try {
    parseImportFile(text);
  } catch (error) {
    expect(error).to.be.instanceOf(CliError);
    return error as CliError;
  }
  return expect.fail('expected the file to be refused');
}

describe('task export file', () => {
  it('reads back what an export writes, with the user it names and the lists', () => {
    const file = toExportFile({ user_id: 'alice', exported_at: '2026-11-26T00:00:00.000Z', lists: [INBOX], tasks: [TASK] });

    const parsed = parseImportFile(JSON.stringify(file));

    expect(file).to.include({ format: 'tasks-api/export', format_version: 5 });
    expect(parsed.userId).to.equal('alice');
    const { user_id: _owner, ...record } = TASK;
    expect(parsed.records).to.deep.equal([record]);
    expect(parsed.lists).to.deep.equal([{ id: INBOX.id, name: 'Inbox', is_inbox: true, position: 'a0' }]);
  });

  it('reads a bare {tasks} document with only titles', () => {
    expect(parseImportFile('{"tasks":[{"title":"Only this"}]}')).to.deep.equal({ userId: undefined, lists: [], records: [{ title: 'Only this' }] });
  });

  it('reads a file of format version 4, from before repeats', () => {
    const { user_id: _owner, repeat: _repeat, repeat_from: _from, ...record } = TASK;
    const file = { format: 'tasks-api/export', format_version: 4, user_id: 'alice', exported_at: '2026-11-26T00:00:00.000Z', lists: [INBOX], tasks: [record] };

    expect(parseImportFile(JSON.stringify(file)).records).to.deep.equal([record]);
  });

  it('reads a task that does not repeat, and refuses a repeat or repeat_from that is no string', () => {
    expect(parseImportFile('{"tasks":[{"title":"Once","repeat":null,"repeat_from":"due"}]}').records).to.deep.equal([
      { title: 'Once', repeat: null, repeat_from: 'due' },
    ]);
    expect(failureOf('{"tasks":[{"title":"Weekly","repeat":{"freq":"weekly"},"repeat_from":false}]}').message).to.equal(
      'tasks[0].repeat: repeat must be a string (an RRULE) or null; tasks[0].repeat_from: repeat_from must be a string',
    );
  });

  it('reads a file of format version 3, from before lists', () => {
    const { user_id: _owner, list_id: _list, repeat: _repeat, repeat_from: _from, ...record } = TASK;
    const file = { format: 'tasks-api/export', format_version: 3, user_id: 'alice', exported_at: '2026-11-26T00:00:00.000Z', tasks: [record] };

    expect(parseImportFile(JSON.stringify(file))).to.deep.include({ lists: [], records: [record] });
  });

  it('names each list field of the wrong type by its place in the file', () => {
    const failure = failureOf(JSON.stringify({ lists: [{ name: 'ok' }, { id: 7, name: null, is_inbox: 'yes' }], tasks: [{ title: 'x', list_id: 3 }] }));

    expect(failure.message).to.equal(
      'lists[1].id: id must be a string; lists[1].name: name must be a string; lists[1].is_inbox: is_inbox must be true or false; ' +
        'tasks[0].list_id: list_id must be a string or null',
    );
    expect(failureOf('{"lists":{},"tasks":[]}').message).to.equal('lists: lists must be an array of lists');
  });

  it('reads a file of format version 2, from before subtasks and manual order', () => {
    const { user_id: _owner, list_id: _list, parent_id: _parent, position: _position, repeat: _repeat, repeat_from: _from, ...record } = TASK;
    const file = { format: 'tasks-api/export', format_version: 2, user_id: 'alice', exported_at: '2026-11-26T00:00:00.000Z', tasks: [record] };

    expect(parseImportFile(JSON.stringify(file)).records).to.deep.equal([record]);
  });

  it('reads a top-level task’s null parent, and refuses a parent that is no string', () => {
    expect(parseImportFile('{"tasks":[{"title":"Top","parent_id":null}]}').records).to.deep.equal([{ title: 'Top', parent_id: null }]);
    expect(failureOf('{"tasks":[{"title":"Sub","parent_id":7}]}').message).to.equal('tasks[0].parent_id: parent_id must be a string or null');
  });

  it('reads a file of format version 1, from before tasks had due dates and priorities', () => {
    const { due_date: _due, priority: _priority, user_id: _owner, list_id: _list, parent_id: _parent, position: _position, ...newer } = TASK;
    const { repeat: _repeat, repeat_from: _from, ...record } = newer;
    const file = { format: 'tasks-api/export', format_version: 1, user_id: 'alice', exported_at: '2026-11-26T00:00:00.000Z', tasks: [record] };

    expect(parseImportFile(JSON.stringify(file)).records).to.deep.equal([record]);
  });

  it('refuses with exit 4 a file that is not JSON, and one of another format or version', () => {
    expect(failureOf('{').exitCode).to.equal(EXIT.invalid);
    expect(failureOf('{"format":"other","tasks":[]}').message).to.equal("format: format must be 'tasks-api/export'");
    expect(failureOf('{"format_version":6,"tasks":[]}').message).to.equal('format_version: format_version must be 1, 2, 3, 4 or 5: this version reads no other');
  });

  it('names each field of the wrong type by its place in the file', () => {
    const failure = failureOf(JSON.stringify({ tasks: [{ title: 'ok' }, { title: 1, completed: 'yes', version: '2' }] }));

    expect(failure.message).to.equal('tasks[1].title: title must be a string; tasks[1].completed: completed must be true or false; tasks[1].version: version must be a number');
    const dated = failureOf(JSON.stringify({ tasks: [{ title: 'ok', due_date: 20261224, priority: 3 }] }));
    expect(dated.message).to.equal('tasks[0].due_date: due_date must be a date string (YYYY-MM-DD) or null; tasks[0].priority: priority must be a string');
  });

  it('says when there is no task list at all', () => {
    expect(failureOf('[]').message).to.equal('(file): an export file is a JSON object with a tasks array');
    expect(failureOf('{}').message).to.equal('tasks: tasks must be an array of tasks');
  });
});
