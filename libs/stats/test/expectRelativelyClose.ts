import { expect } from 'chai';

/** Asserts |actual - expected| <= tolerance · |expected|, printing both values on failure. */
export function expectRelativelyClose(actual: number, expected: number, tolerance: number, label = ''): void {
  const error = Math.abs(actual - expected) / Math.abs(expected);
  expect(error, `${label} actual ${actual} vs expected ${expected}: relative error ${error}`).to.be.at.most(
    tolerance,
  );
}
