import type { UnitOfWork } from '../../../../application/ports/unit-of-work.js';
import { RetryWithLocks, UnconfirmedRefusal, type SqlSession } from './sql-session.js';

const RETRYABLE_SQLSTATE = new Set(['40001', '40P01']); // serialization failure, deadlock detected
const MAX_ATTEMPTS = 3;

/**
 * One atomic unit per command, on the SQL session; the retry policy of docs/develop/adr/0001-task-write-path.md.
 * The first attempt is optimistic: its reads take no locks (and may start from remembered state), its writes
 * name the versions they read. When it must run again — a write found its row changed (`WriteConflictError`),
 * a refusal rested on remembered state (`UnconfirmedRefusal`), or PostgreSQL reported a serialization failure
 * or deadlock — it runs in a transaction whose reads lock their rows (`FOR UPDATE`), where it queues behind the
 * other writer instead of losing its change. A run inside a run joins it; only the outermost run retries.
 */
export class PostgresUnitOfWork implements UnitOfWork {
  constructor(private readonly session: SqlSession) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.session.inWork) return work();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.session.work(work, { locking: attempt > 1 });
      } catch (error) {
        if (attempt < MAX_ATTEMPTS && (error instanceof RetryWithLocks || hasRetryableSqlState(error))) continue;
        // Out of attempts, an unconfirmed refusal is the refusal itself (it cannot happen while MAX_ATTEMPTS > 1:
        // a locking attempt never starts from remembered state).
        throw error instanceof UnconfirmedRefusal ? error.cause : error;
      }
    }
  }
}

/** Two writers raced for one position among siblings; run again, locking (ADR 0001, "Subtasks and order"). */
const SIBLING_POSITION_CONSTRAINT = 'tasks_sibling_position_key';

function hasRetryableSqlState(error: unknown): boolean {
  const failure = error as { code?: unknown; constraint?: unknown; cause?: { code?: unknown; constraint?: unknown } };
  const code = failure.code ?? failure.cause?.code;
  const constraint = failure.constraint ?? failure.cause?.constraint;
  if (code === '23505' && constraint === SIBLING_POSITION_CONSTRAINT) return true;
  return typeof code === 'string' && RETRYABLE_SQLSTATE.has(code);
}
