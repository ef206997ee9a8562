import type { Tag } from '@mlops/plugin-api';
import { limits } from './limits.js';
import { validateKeyName, validateLength } from './validateKeyName.js';

/**
 * MLflow's run tag rule: a valid key name of at most 250 characters and a value of at most 5000.
 * @throws InvalidArgumentError naming `<field>.key` or `<field>.value`.
 */
export function validateRunTag(tag: Tag, field: string): void {
  validateKeyName('tag', tag?.key, `${field}.key`);
  validateLength('Tag key', limits.keyLength, tag.key, `${field}.key`);
  validateLength('Tag value', limits.tagValueLength, tag.value, `${field}.value`);
}

/**
 * MLflow's experiment tag rule: a valid key name of at most 250 characters, a value of at most 5000.
 * @throws InvalidArgumentError naming `<field>.key` or `<field>.value`.
 */
export function validateExperimentTag(key: unknown, value: unknown, field: string): void {
  validateKeyName('tag', key, `${field}.key`);
  validateLength('Tag key', limits.experimentTagKeyLength, key, `${field}.key`);
  validateLength('Tag value', limits.experimentTagValueLength, value, `${field}.value`);
}
