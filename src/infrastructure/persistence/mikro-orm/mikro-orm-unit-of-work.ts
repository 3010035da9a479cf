import { AsyncLocalStorage } from 'node:async_hooks';
import { MikroORM } from '@mikro-orm/postgresql';
import type { UnitOfWork } from '../../../application/ports/unit-of-work.js';
import { withDatabaseAvailability } from './database-errors.js';

const RETRYABLE_SQLSTATE = new Set(['40001', '40P01']); // serialization failure, deadlock detected
const MAX_ATTEMPTS = 3;

/**
 * One PostgreSQL transaction per command. Repositories take the root EntityManager; inside `run` MikroORM
 * resolves it to this transaction's fork, so everything the command writes commits together. A run inside
 * a run joins the outer transaction; only the outermost run retries.
 */
export class MikroOrmUnitOfWork implements UnitOfWork {
  private readonly insideRun = new AsyncLocalStorage<true>();

  constructor(private readonly orm: MikroORM) {}

  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.insideRun.getStore()) return work();
    return withDatabaseAvailability(async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.orm.em.fork().transactional(() => this.insideRun.run(true, work));
        } catch (error) {
          if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
        }
      }
    });
  }
}

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === 'string' && RETRYABLE_SQLSTATE.has(code);
}
