import type { TensorSpec } from '@mlops/plugin-api';

/** One parameter of the generated `@bentoml.api` method and the model tensor it feeds or comes from. */
export interface BentoApiParam {
  /** The Python parameter name: the key of the JSON body and the name our tensor takes. */
  readonly name: string;
  /** The model's own tensor name (an ONNX input may be `input.1`). */
  readonly tensor: string;
  readonly spec: TensorSpec;
}

const keywords = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield self ctx context'.split(
    ' ',
  ),
);

/**
 * Python identifiers for tensor names, unique among themselves: other characters become `_`, a
 * leading digit and keywords (and `self`, `ctx`, `context`, which BentoML treats specially) get
 * one more `_`.
 */
export function bentoApiParams(specs: readonly TensorSpec[]): BentoApiParam[] {
  const taken = new Set<string>();
  return specs.map((spec) => {
    let name = spec.name.replace(/\W/g, '_');
    if (name === '' || /^\d/.test(name)) name = `_${name}`;
    if (keywords.has(name)) name = `${name}_`;
    while (taken.has(name)) name = `${name}_`;
    taken.add(name);
    return { name, tensor: spec.name, spec: { ...spec, name } };
  });
}
