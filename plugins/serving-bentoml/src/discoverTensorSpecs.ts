import type { TensorDatatype, TensorSpec } from '@mlops/plugin-api';
import { datatypeOfNumpy } from './MlModel.js';

type Schema = Record<string, unknown>;

/**
 * The inputs of `POST /<apiName>` as the service's OpenAPI document (`/docs.json`) describes
 * them: numpy tensor parameters (`{"type": "tensor", "dtype": "float32", "shape": [-1, 4]}`, as
 * BentoML's `Shape`/`DType` validators write them), nested number, integer, boolean or string
 * arrays, and scalars. Empty when the API is not there or one parameter is of another kind (a
 * file, an object): requests then go through unchecked, and the service validates them.
 */
export function discoverTensorSpecs(openApi: unknown, apiName: string): TensorSpec[] {
  const doc = asSchema(openApi);
  const post = asSchema(asSchema(asSchema(doc.paths)[`/${apiName}`]).post);
  const content = asSchema(asSchema(post.requestBody).content);
  const input = resolve(doc, asSchema(content['application/json']).schema);
  const properties = asSchema(input.properties);
  const specs: TensorSpec[] = [];
  for (const [name, raw] of Object.entries(properties)) {
    const spec = specOf(name, resolve(doc, raw));
    if (spec === undefined) return [];
    specs.push(spec);
  }
  return specs;
}

function specOf(name: string, schema: Schema): TensorSpec | undefined {
  if (schema.type === 'tensor') {
    const datatype = typeof schema.dtype === 'string' ? datatypeOfNumpy(schema.dtype) : undefined;
    const shape = Array.isArray(schema.shape) ? (schema.shape as number[]) : undefined;
    if (datatype === undefined || shape === undefined) return undefined;
    return { name, datatype, shape };
  }
  const shape: number[] = [];
  let node = schema;
  while (node.type === 'array') {
    shape.push(-1);
    node = asSchema(node.items);
  }
  const scalar: Record<string, TensorDatatype> = {
    number: 'FP64',
    integer: 'INT64',
    boolean: 'BOOL',
    string: 'BYTES',
  };
  const datatype = typeof node.type === 'string' ? scalar[node.type] : undefined;
  return datatype === undefined ? undefined : { name, datatype, shape };
}

/** Follows one local `$ref` (`#/components/schemas/<name>`). */
function resolve(doc: Schema, schema: unknown): Schema {
  const ref = asSchema(schema).$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return asSchema(schema);
  let node: unknown = doc;
  for (const part of ref.slice(2).split('/')) node = asSchema(node)[part];
  return asSchema(node);
}

function asSchema(value: unknown): Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Schema) : {};
}
