/**
 * One atomic piece of work. Everything the work writes through repositories — the task and the events
 * it recorded — commits together or not at all. The command bus owns it; repositories never commit.
 */
export interface UnitOfWork {
  run<T>(work: () => Promise<T>): Promise<T>;
}
