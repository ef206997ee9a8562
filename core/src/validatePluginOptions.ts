import type { JsonSchema, PluginManifest } from '@mlops/plugin-api';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

const ajv = new Ajv2020({ allErrors: true, useDefaults: true, strict: false });
const compiled = new WeakMap<object, ValidateFunction>();

/** The result of validating one plugin's options. */
export interface OptionsCheck {
  readonly options: unknown;
  readonly problems: readonly string[];
}

/** Validates a copy of `raw` against the plugin's schema, with defaults filled in; every error is reported. */
export function validatePluginOptions(manifest: PluginManifest<unknown>, raw: unknown): OptionsCheck {
  const options = cloneData(raw ?? {});
  const schema = manifest.configSchema;
  if (schema === undefined) return { options, problems: [] };
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(options)) return { options, problems: [] };
  const problems = (validate.errors ?? []).map((e) => `plugin "${manifest.name}": ${describeAjvError(e)}`);
  return { options, problems: [...new Set(problems)] };
}

/** `<path> <message>`, with the path naming the field even when ajv reports it on the parent. */
export function describeAjvError(error: ErrorObject): string {
  const at = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${at}/${String(params.missingProperty)} is required`;
    case 'additionalProperties':
      return `${at}/${String(params.additionalProperty)} is not a known option`;
    case 'enum':
      return `${at || '/'} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `${at || '/'} ${error.message ?? 'is invalid'}`;
  }
}

/** Options with every `writeOnly` field of the schema replaced by `***`, for printing and logs. */
export function maskSecrets(value: unknown, schema: JsonSchema | undefined): unknown {
  if (schema === undefined || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items = schema.items as JsonSchema | undefined;
    return value.map((v) => maskSecrets(v, items));
  }
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const sub = properties[key];
    out[key] = sub?.writeOnly === true && v !== undefined ? '***' : maskSecrets(v, sub);
  }
  return out;
}

function cloneData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneData);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cloneData(v)]));
  }
  return value;
}
