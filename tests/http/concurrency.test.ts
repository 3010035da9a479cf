/** Concurrent changes and conditional requests (tests/support/http-suites/concurrency.suite.ts). */
import { concurrencySuite } from '../support/http-suites/concurrency.suite.js';
import { TestService } from '../support/test-service.js';

describe('HTTP: concurrency and conditional requests', () => concurrencySuite(() => TestService.start()));
