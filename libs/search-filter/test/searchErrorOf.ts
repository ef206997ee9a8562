import { InvalidArgumentError } from '@mlops/plugin-api';
import { expect } from 'chai';

/** Runs `fn`, asserts it threw an InvalidArgumentError, and returns that error. */
export function searchErrorOf(fn: () => unknown): InvalidArgumentError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidArgumentError);
    return error as InvalidArgumentError;
  }
  return expect.fail('expected an InvalidArgumentError, but the call returned');
}
