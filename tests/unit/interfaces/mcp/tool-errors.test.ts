import { expect } from 'chai';
import { AuthenticationError, InvalidQueryError, ServiceUnavailableError } from '../../../../src/application/errors.js';
import { DomainValidationError, ListNotFoundError, TaskLimitReachedError, TaskNotFoundError } from '../../../../src/domain/index.js';
import { toToolError } from '../../../../src/interfaces/mcp/tool-errors.js';

describe('MCP tool errors', () => {
  const cases: [string, unknown, ReturnType<typeof toToolError>][] = [
    [
      'invalid values, naming the first field at fault',
      new DomainValidationError([
        { path: '', message: 'Nothing given' },
        { path: 'due_date', message: 'Due date must be a calendar date' },
        { path: 'title', message: 'Title must not be empty' },
      ]),
      { code: 'validation_failed', field: 'due_date', message: 'Nothing given; due_date: Due date must be a calendar date; title: Title must not be empty' },
    ],
    ['an invalid request as a whole, naming no field', DomainValidationError.of('', 'Give at least one'), { code: 'validation_failed', message: 'Give at least one' }],
    ['an unknown task without an id', new TaskNotFoundError(), { code: 'task_not_found', message: 'No such task among your tasks; use an id that find_tasks or add_tasks returned' }],
    [
      'a list that is not the caller’s, naming list_id',
      new ListNotFoundError(),
      { code: 'list_not_found', field: 'list_id', message: 'No such list among your lists; use the list_id of one of your tasks, or "inbox"' },
    ],
    ['the task limit', new TaskLimitReachedError(3), { code: 'task_limit_reached', message: 'You have 3 tasks, the most one user may have: delete some before adding more' }],
    ['the database down', new ServiceUnavailableError('Database unavailable', 5), { code: 'service_unavailable', message: 'Database unavailable: the service cannot do this right now; retry in 5 seconds' }],
    ['a refused query parameter, which names itself', new InvalidQueryError('Invalid cursor'), { code: 'invalid_query', message: 'Invalid cursor' }],
    ['any other typed error', new AuthenticationError('expired'), { code: 'unauthenticated', message: 'Token has expired' }],
    ['anything else, which it leaves to the caller to log', new Error('connection reset by peer'), null],
  ];

  for (const [name, error, expected] of cases) {
    it(`reports ${name}`, () => {
      expect(toToolError(error)).to.deep.equal(expected);
    });
  }

  it('names an unknown task by the id the caller gave, whoever may own it', () => {
    expect(toToolError(new TaskNotFoundError(), 'abc')).to.deep.equal({
      code: 'task_not_found',
      field: 'id',
      message: 'No task with id "abc" among your tasks; use an id that find_tasks or add_tasks returned',
    });
  });
});
