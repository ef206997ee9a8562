/** Runs `call` and returns what it threw, or undefined when it returned normally. */
export function thrownBy(call: () => unknown): unknown {
  try {
    call();
  } catch (err) {
    return err;
  }
  return undefined;
}
