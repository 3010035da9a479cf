/**
 * One atomic piece of work. Everything the work writes through repositories — the task and the events
 * it recorded — commits together or not at all. The command bus owns it; repositories never commit.
 * A run started inside another run joins it: an application service can wrap a command with writes of its
 * own (e.g. recording an idempotent request's answer) and have both commit as one.
 */
export interface UnitOfWork {
  run<T>(work: () => Promise<T>): Promise<T>;
}
