import { expect } from 'chai';
import { CommanderError } from 'commander';
import { AuthenticationError, InvalidQueryError, ServiceUnavailableError, UserNotFoundError } from '../../../../src/application/errors.js';
import {
  DomainValidationError,
  InboxNotDeletableError,
  ListLimitReachedError,
  ListNameTakenError,
  ListNotFoundError,
  ListVersionMismatchError,
  TaskHierarchyError,
  TaskLimitReachedError,
  TaskNotFoundError,
  TaskVersionMismatchError,
} from '../../../../src/domain/index.js';
import { ConfigError } from '../../../../src/infrastructure/config/config.js';
import { CliError, EXIT, toExitStatus } from '../../../../src/interfaces/cli/exit-status.js';

describe('CLI exit status', () => {
  const cases: [string, unknown, { code: number; message: string | null }][] = [
    ['help shown', new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'), { code: EXIT.ok, message: null }],
    ['a usage error commander already printed', new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'"), { code: EXIT.usage, message: null }],
    ['a bad flag value', new InvalidQueryError('Invalid cursor'), { code: EXIT.usage, message: 'Invalid cursor' }],
    ['bad configuration', new ConfigError(['PORT: bad', 'LOG_LEVEL: bad']), { code: EXIT.usage, message: 'Invalid configuration: PORT: bad; LOG_LEVEL: bad' }],
    ['an unknown task', new TaskNotFoundError(), { code: EXIT.notFound, message: 'Task not found' }],
    ['an unknown user', new UserNotFoundError('ghost'), { code: EXIT.notFound, message: "No tasks or events for user 'ghost'" }],
    ['invalid values', new DomainValidationError([{ path: 'title', message: 'Title must not be empty' }, { path: '', message: 'Nothing given' }]), { code: EXIT.invalid, message: 'title: Title must not be empty; Nothing given' }],
    ['a cycle', new TaskHierarchyError('cycle'), { code: EXIT.invalid, message: 'parent_id: A task cannot become a subtask of itself or of one of its own subtasks' }],
    ['a fifth level', new TaskHierarchyError('too_deep'), { code: EXIT.invalid, message: 'parent_id: Tasks nest at most 4 levels deep' }],
    ['an unknown list', new ListNotFoundError(), { code: EXIT.notFound, message: 'List not found' }],
    ['a list name taken', new ListNameTakenError('Work'), { code: EXIT.failure, message: 'You already have a list named "Work"' }],
    ['deleting the inbox', new InboxNotDeletableError(), { code: EXIT.failure, message: 'The inbox cannot be deleted' }],
    ['a stale list', new ListVersionMismatchError(1, 2), { code: EXIT.failure, message: 'List is at version 2, not 1' }],
    ['the list limit', new ListLimitReachedError(5), { code: EXIT.failure, message: 'The user would have more than 5 lists (MAX_LISTS_PER_USER); nothing was written' }],
    ['the database down', new ServiceUnavailableError('Database unavailable'), { code: EXIT.unavailable, message: 'Database unavailable' }],
    ['a stale version', new TaskVersionMismatchError(1, 2), { code: EXIT.failure, message: 'Task is at version 2, not 1' }],
    ['the task limit', new TaskLimitReachedError(3), { code: EXIT.failure, message: 'The user would have more than 3 tasks (MAX_TASKS_PER_USER); nothing was written' }],
    ['a refused credential', new AuthenticationError('expired'), { code: EXIT.failure, message: 'Token has expired' }],
    ['a failure the CLI names itself', new CliError(EXIT.invalid, 'The file is not valid JSON'), { code: EXIT.invalid, message: 'The file is not valid JSON' }],
    ['anything else', new Error('boom\n    at somewhere'), { code: EXIT.failure, message: 'boom' }],
  ];

  for (const [name, error, expected] of cases) {
    it(`maps ${name} to exit ${expected.code}`, () => {
      expect(toExitStatus(error)).to.deep.equal(expected);
    });
  }

  it('keeps a long list of invalid values to one readable line', () => {
    const issues = Array.from({ length: 8 }, (_, index) => ({ path: `tasks[${index}].title`, message: 'Title must not be empty' }));

    const { message } = toExitStatus(new DomainValidationError(issues));

    expect(message).to.match(/^tasks\[0\]\.title: .*; tasks\[4\]\.title: Title must not be empty; and 3 more$/);
  });
});
