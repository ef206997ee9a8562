import { type DatasetInput, InvalidArgumentError } from '@mlops/plugin-api';
import { limits } from './limits.js';

function check(ok: boolean, message: string, field: string): void {
  if (!ok) throw new InvalidArgumentError(message, { field });
}

function present(value: unknown): boolean {
  return typeof value === 'string';
}

/**
 * MLflow's dataset input rules: name, digest, source type and source present; name <= 500,
 * digest <= 36, source <= 65535, schema <= 1048575 and profile <= 16777215 characters; input tag
 * keys <= 255 and values <= 500.
 * @throws InvalidArgumentError with MLflow's message, naming `inputs[<i>]...`.
 */
export function validateDatasetInputs(inputs: readonly DatasetInput[]): void {
  check(Array.isArray(inputs), 'inputs must be an array of dataset inputs', 'inputs');
  inputs.forEach((input, i) => {
    const field = `inputs[${i}].dataset`;
    const d = input?.dataset;
    check(d !== undefined && d !== null, 'Dataset cannot be None', field);
    check(present(d.name), 'Dataset name cannot be None', `${field}.name`);
    check(present(d.digest), 'Dataset digest cannot be None', `${field}.digest`);
    check(present(d.sourceType), 'Dataset source_type cannot be None', `${field}.sourceType`);
    check(present(d.source), 'Dataset source cannot be None', `${field}.source`);
    const max = (what: string, limit: number, value: string | undefined, at: string) =>
      check(
        value === undefined || value.length <= limit,
        `Dataset ${what} exceeds the maximum length of ${limit}`,
        at,
      );
    max('name', limits.datasetNameLength, d.name, `${field}.name`);
    max('digest', limits.datasetDigestLength, d.digest, `${field}.digest`);
    max('source', limits.datasetSourceLength, d.source, `${field}.source`);
    max('schema', limits.datasetSchemaLength, d.schema, `${field}.schema`);
    max('profile', limits.datasetProfileLength, d.profile, `${field}.profile`);
    (input.tags ?? []).forEach((tag, j) => {
      const at = `inputs[${i}].tags[${j}]`;
      check(tag !== undefined && tag !== null, 'InputTag cannot be None', at);
      check(present(tag.key), 'InputTag key cannot be None', `${at}.key`);
      check(present(tag.value), 'InputTag value cannot be None', `${at}.value`);
      check(
        tag.key.length <= limits.inputTagKeyLength,
        `InputTag key exceeds the maximum length of ${limits.inputTagKeyLength}`,
        `${at}.key`,
      );
      check(
        tag.value.length <= limits.inputTagValueLength,
        `InputTag value exceeds the maximum length of ${limits.inputTagValueLength}`,
        `${at}.value`,
      );
    });
  });
}
