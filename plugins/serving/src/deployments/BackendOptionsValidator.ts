import { InvalidArgumentError, type ServingBackend } from '@mlops/plugin-api';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

/** Checks a deployment's `backendOptions` against its backend's `optionsSchema`, filling defaults. */
export class BackendOptionsValidator {
  private readonly ajv = new Ajv2020({ allErrors: true, useDefaults: true, strict: false });
  private readonly compiled = new WeakMap<ServingBackend, ValidateFunction>();

  /**
   * A copy of `options` with the schema's defaults filled in.
   * @throws InvalidArgumentError naming each bad field (`backendOptions/<path> <message>`).
   */
  check(backend: ServingBackend, options: Record<string, unknown> | undefined): Record<string, unknown> {
    const copy = structuredClone(options ?? {});
    if (backend.optionsSchema === undefined) return copy;
    let validate = this.compiled.get(backend);
    if (validate === undefined) {
      validate = this.ajv.compile(backend.optionsSchema);
      this.compiled.set(backend, validate);
    }
    if (!validate(copy)) {
      const problems = (validate.errors ?? []).map((e) => {
        const extra =
          e.keyword === 'additionalProperties'
            ? ` (${String((e.params as { additionalProperty?: unknown }).additionalProperty)})`
            : '';
        return `backendOptions${e.instancePath} ${e.message ?? 'is invalid'}${extra}`;
      });
      throw new InvalidArgumentError(`${problems.join('; ')} for backend "${backend.name}"`, {
        field: `backendOptions${validate.errors?.[0]?.instancePath ?? ''}`,
      });
    }
    return copy;
  }
}
