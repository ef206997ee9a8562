import type { Param } from '@mlops/plugin-api';
import { limits } from './limits.js';
import { validateKeyName, validateLength } from './validateKeyName.js';

/**
 * MLflow's param rule (runs and logged models): a valid key name of at most 250 characters and a
 * value of at most 6000.
 * @throws InvalidArgumentError naming `<field>.key` or `<field>.value`.
 */
export function validateParam(param: Param, field: string): void {
  validateKeyName('parameter', param?.key, `${field}.key`);
  validateLength('Param key', limits.keyLength, param.key, `${field}.key`);
  validateLength('Param value', limits.paramValueLength, param.value, `${field}.value`);
}
