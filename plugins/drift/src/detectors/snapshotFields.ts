import { InvalidArgumentError } from '@mlops/plugin-api';
import { finite, requireDetectorParameter } from './requireDetectorParameter.js';

/**
 * The object at `field` of a snapshot being restored.
 * @throws InvalidArgumentError `<field> must be an object` with `details.field`.
 */
export function snapshotObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return value as Record<string, unknown>;
  }
  throw new InvalidArgumentError(`${field} must be an object`, { field, reason: 'invalid_type' });
}

/** A finite number of a snapshot's state. @throws InvalidArgumentError naming the field. */
export function snapshotNumber(state: Record<string, unknown>, key: string, field: string): number {
  return requireDetectorParameter(`${field}.${key}`, state[key], 'a finite number', finite);
}

/**
 * A number that may be +/-Infinity, which JSON cannot carry: it is written `null` (meaning
 * `whenNull`, the side the value starts on before any data).
 */
export function snapshotBound(
  state: Record<string, unknown>,
  key: string,
  field: string,
  whenNull: number,
): number {
  return state[key] === null ? whenNull : snapshotNumber(state, key, field);
}

/** Writes a bound for {@link snapshotBound}: infinities become `null`. */
export function boundToJSON(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** A boolean of a snapshot's state. @throws InvalidArgumentError naming the field. */
export function snapshotBoolean(state: Record<string, unknown>, key: string, field: string): boolean {
  const value = state[key];
  if (typeof value === 'boolean') return value;
  throw new InvalidArgumentError(`${field}.${key} must be a boolean`, {
    field: `${field}.${key}`,
    reason: 'invalid_type',
  });
}
