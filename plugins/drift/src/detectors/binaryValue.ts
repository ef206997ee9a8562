import { InvalidArgumentError } from '@mlops/plugin-api';

/**
 * The 0/1 input of DDM and EDDM (1 = an error of the monitored model).
 * @throws InvalidArgumentError `x must be 0 or 1, got <x>` with `details.field` `x`.
 */
export function binaryValue(x: number): 0 | 1 {
  if (x === 0 || x === 1) return x;
  throw new InvalidArgumentError(`x must be 0 or 1, got ${String(x)}`, {
    field: 'x',
    reason: 'out_of_range',
  });
}
