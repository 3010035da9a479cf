import { AssertionError, expect } from 'chai';

/** Awaits `promise`, asserts that it rejects with an instance of `type`, and returns that error. */
export async function expectRejection<E extends Error>(
  promise: Promise<unknown>,
  type: new (...a: any[]) => E,
): Promise<E> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    expect(error, `rejected with ${String(error)}`).to.be.instanceOf(type);
    return error as E;
  }
  throw new AssertionError(`expected a rejection with ${type.name}, but the promise resolved with ${JSON.stringify(value)}`);
}
