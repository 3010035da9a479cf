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

/**
 * Races the unit of work settles by running again, locking (ADR 0001, "Subtasks and order"): two writers took one
 * position among siblings (23505), or a task went under a parent that a concurrent delete removed, or a delete missed
 * a subtask created meanwhile (23503, the parent key); two writers raced for one list name (23505: the run again
 * finds the name taken); a task's list went meanwhile, deleted or a remembered inbox of an erased owner (23503: the
 * run again finds it missing, or makes the inbox again). The locking run reads the state that won.
 */
const RETRYABLE_CONSTRAINTS = new Map([
  ['tasks_sibling_position_key', '23505'],
  ['tasks_parent_fk', '23503'],
  ['task_lists_user_name_key', '23505'],
  ['tasks_list_fkey', '23503'],
]);

function hasRetryableSqlState(error: unknown): boolean {
  const failure = error as { code?: unknown; constraint?: unknown; cause?: { code?: unknown; constraint?: unknown } };
  const code = failure.code ?? failure.cause?.code;
  const constraint = failure.constraint ?? failure.cause?.constraint;
  if (typeof constraint === 'string' && RETRYABLE_CONSTRAINTS.get(constraint) === code) return true;
  return typeof code === 'string' && RETRYABLE_SQLSTATE.has(code);
}
