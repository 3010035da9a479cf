import { expect } from 'chai';

/**
 * Awaits `promise` and asserts that it rejects with an instance of `errorClass` (and, when given, with
 * that `reason`). Resolving fails the test. Returns the error for further assertions.
 */
export async function expectRejection<E extends Error>(
  promise: Promise<unknown>,
  errorClass: abstract new (...args: never[]) => E,
  reason?: string,
): Promise<E> {
  let outcome: { rejected: true; error: unknown } | { rejected: false; value: unknown };
  try {
    outcome = { rejected: false, value: await promise };
  } catch (error) {
    outcome = { rejected: true, error };
  }
  if (!outcome.rejected) {
    expect.fail(`expected a rejection with ${errorClass.name}, but it resolved to ${JSON.stringify(outcome.value)}`);
  }
  const { error } = outcome;
  expect(error, `expected ${errorClass.name}, got ${String(error)}`).to.be.instanceOf(errorClass);
  if (reason !== undefined) {
    expect((error as { reason?: unknown }).reason, `reason of ${String(error)}`).to.equal(reason);
  }
  return error as E;
}
