/** `GET /api/tasks/changes` (tests/support/http-suites/change-feed.suite.ts). */
import { changeFeedSuite } from '../support/http-suites/change-feed.suite.js';
import { TestService } from '../support/test-service.js';

describe('HTTP: change feed', () => changeFeedSuite(() => TestService.start()));
