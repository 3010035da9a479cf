import type { IdempotencyStore } from '../../../../application/ports/idempotency-store.js';
import type { UnitOfWork, UnitStores } from '../../../../application/ports/unit-of-work.js';
import type { UserTaskErasure } from '../../../../application/ports/user-task-erasure.js';
import type { TaskListRepository, TaskRepository } from '../../../../domain/index.js';
import { RetryWithLocks, UnconfirmedRefusal, type SqlScope, type SqlSession, type SqlUnit } from './sql-session.js';

const RETRYABLE_SQLSTATE = new Set(['40001', '40P01']); // serialization failure, deadlock detected
const MAX_ATTEMPTS = 3;

/**
 * One atomic unit per command, on the SQL session; the retry policy of docs/develop/adr/0001-task-write-path.md.
 * The first attempt is optimistic: its reads take no locks (and may start from remembered state), its writes
 * name the versions they read. When it must run again — a write found its row changed (`WriteConflictError`),
 * a refusal rested on remembered state (`UnconfirmedRefusal`), or PostgreSQL reported a serialization failure
 * or deadlock — it runs in a transaction whose reads lock their rows (`FOR UPDATE`), where it queues behind the
 * other writer instead of losing its change. Each attempt hands the work the stores bound to its own `SqlUnit`.
 */
export class PostgresUnitOfWork implements UnitOfWork {
  constructor(
    private readonly session: SqlSession,
    private readonly stores: PostgresStores,
  ) {}

  async run<T>(work: (stores: UnitStores) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.session.work((unit) => work(this.boundTo(unit)), { locking: attempt > 1 });
      } catch (error) {
        if (attempt < MAX_ATTEMPTS && (error instanceof RetryWithLocks || hasRetryableSqlState(error))) continue;
        // Out of attempts, an unconfirmed refusal is the refusal itself (it cannot happen while MAX_ATTEMPTS > 1:
        // a locking attempt never starts from remembered state).
        throw error instanceof UnconfirmedRefusal ? error.cause : error;
      }
    }
  }

  /** The stores of one attempt, each bound to its `SqlUnit`. */
  private boundTo(unit: SqlUnit): UnitStores {
    const { tasks, lists, idempotency, erasure } = this.stores;
    return { tasks: tasks.within(unit), lists: lists.within(unit), idempotency: idempotency.within(unit), erasure: erasure.within(unit) };
  }
}

/** A store that a unit of work binds to itself: the same adapter, with its statements running in the unit. */
export interface UnitBindable<T> {
  within(unit: SqlScope): T;
}

/** The PostgreSQL stores, each of which a unit of work binds to itself. */
export interface PostgresStores {
  readonly tasks: UnitBindable<TaskRepository>;
  readonly lists: UnitBindable<TaskListRepository>;
  readonly idempotency: UnitBindable<IdempotencyStore>;
  readonly erasure: UnitBindable<UserTaskErasure>;
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
