import { InvalidArgumentError } from '@mlops/plugin-api';

/**
 * Why a filter or order_by clause was refused, as `details.reason`: `syntax` (it does not parse),
 * `field` (an unknown entity, attribute or dataset field), `comparator` (the field does not take
 * that comparator), `value` (a value of the wrong type, or a number out of range), `nesting`
 * (parentheses or NOT nested too deep).
 */
export type SearchErrorReason = 'syntax' | 'field' | 'comparator' | 'value' | 'nesting';

/** The one error this library throws: `<field>: <message>`, with the field and the offset in `details`. */
export function searchError(
  field: string,
  position: number,
  message: string,
  reason: SearchErrorReason,
): InvalidArgumentError {
  return new InvalidArgumentError(`${field}: ${message}`, { field, position, reason });
}
