/**
 * The error `promise` rejects with, for asserting on it; fails the test, naming `what`, when the
 * promise resolves instead.
 * @example
 * const err = await rejectionOf(store.head('missing'), 'head of a missing key');
 * expect(err).to.be.instanceOf(NotFoundError);
 */
export async function rejectionOf(promise: Promise<unknown>, what = 'the call'): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error(`expected ${what} to fail, but it succeeded`);
}
