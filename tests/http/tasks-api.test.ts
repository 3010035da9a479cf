/** The seed's user stories over a real socket (tests/support/http-suites/tasks-api.suite.ts). */
import { tasksApiSuite } from '../support/http-suites/tasks-api.suite.js';
import { TestService } from '../support/test-service.js';

describe('HTTP: tasks API', () => tasksApiSuite(() => TestService.start()));
