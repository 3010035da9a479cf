/** `Idempotency-Key` on `POST /api/tasks`, across two instances (tests/support/http-suites/idempotent-creation.suite.ts). */
import { idempotentCreationSuite } from '../support/http-suites/idempotent-creation.suite.js';
import { TestService } from '../support/test-service.js';

describe('HTTP: idempotent task creation', () => idempotentCreationSuite(() => TestService.start()));
