import type { UnitOfWork } from '../../../../application/ports/unit-of-work.js';
import { TaskVersionMismatchError } from '../../../../domain/index.js';
import { WriteConflictError, type SqlSession } from './sql-session.js';

const RETRYABLE_SQLSTATE = new Set(['40001', '40P01']); // serialization failure, deadlock detected
const MAX_ATTEMPTS = 3;

/**
 * One atomic unit per command, on the SQL session. The first attempt is optimistic: reads take no locks and
 * each write names the version it read, so a change that is one statement costs one round trip. A write
 * that finds its row changed meanwhile (another command got there first) undoes nothing — it wrote nothing —
 * and the unit runs again in a transaction whose reads lock their rows (`FOR UPDATE`), where it queues
 * behind the other writer instead of losing its change. A run inside a run joins it; only the outermost
 * run retries.
 *
 * The optimistic attempt may start from the state this instance last saw of a task (the repository keeps
 * it), so a refusal that depends on that state — a version precondition (`If-Match`) that does not hold — is
 * confirmed against the database by the locking attempt before it is given.
 */
export class PostgresUnitOfWork implements UnitOfWork {
  constructor(private readonly session: SqlSession) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.session.inWork) return work();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.session.work(work, { locking: attempt > 1 });
      } catch (error) {
        const confirmRefusal = attempt === 1 && error instanceof TaskVersionMismatchError;
        if (attempt >= MAX_ATTEMPTS || !(isRetryable(error) || confirmRefusal)) throw error;
      }
    }
  }
}

function isRetryable(error: unknown): boolean {
  if (error instanceof WriteConflictError) return true;
  const code = (error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === 'string' && RETRYABLE_SQLSTATE.has(code);
}
