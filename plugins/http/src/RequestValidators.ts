import { InvalidArgumentError, type JsonSchema } from '@mlops/plugin-api';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/** The part of a request a schema checks; it prefixes every field in messages (`body/name`). */
export type RequestPart = 'params' | 'query' | 'body';

/** Validates (and coerces, for params and query) one part of a request in place. */
export type PartValidator = (value: unknown) => void;

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** OpenAPI keywords that may sit in a route's schemas beside JSON Schema's own. */
const openApiKeywords = ['example', 'discriminator', 'xml', 'externalDocs'];

/**
 * ajv compilers for route schemas (JSON Schema 2020-12, every error reported, defaults filled in,
 * formats checked). Strict about unknown keywords, so a typo such as `requried` fails when the
 * route is added rather than silently accepting everything. One instance per server, so two
 * kernels in a process never share schema ids.
 */
export class RequestValidators {
  private readonly coercing = this.create(true);
  private readonly exact = this.create(false);

  /**
   * Compiles `schema` for `part`: params and query values are coerced from strings, and a single
   * query value becomes an array where the schema wants one.
   * @throws InvalidArgumentError naming the part when the schema itself is invalid.
   */
  compile(part: RequestPart, schema: JsonSchema, route: string): PartValidator {
    let validate: ValidateFunction;
    try {
      validate = (part === 'body' ? this.exact : this.coercing).compile(schema);
    } catch (err) {
      throw new InvalidArgumentError(
        `route ${route}: schema.${part} is not a valid JSON Schema: ${(err as Error).message}`,
        { field: `schema.${part}`, reason: 'invalid_schema' },
        { cause: err },
      );
    }
    return (value) => {
      if (!validate(value)) throw validationError(part, validate.errors ?? []);
    };
  }

  private create(coerce: boolean): Ajv2020 {
    const ajv = new Ajv2020({
      allErrors: true,
      useDefaults: true,
      coerceTypes: coerce ? 'array' : false,
      strictSchema: true,
      strictTypes: false,
      strictTuples: false,
      strictRequired: false,
    });
    addFormats(ajv);
    for (const keyword of openApiKeywords) ajv.addKeyword(keyword);
    return ajv;
  }
}

/** One InvalidArgumentError for all of a part's errors; `details.field` is the first field. */
function validationError(part: RequestPart, errors: readonly ErrorObject[]): InvalidArgumentError {
  const problems = [...new Map(errors.map((e) => describe(part, e)).map((p) => [p.message, p])).values()];
  const first = problems[0] ?? { field: part, message: `${part} is invalid` };
  return new InvalidArgumentError(problems.map((p) => p.message).join('; ') || first.message, {
    field: first.field,
    reason: 'invalid',
    errors: problems,
  });
}

/** A field path (`body/metrics/0/value`) and a message that starts with it. */
function describe(part: RequestPart, error: ErrorObject): { field: string; message: string } {
  const at = `${part}${error.instancePath}`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const field = `${at}/${String(params.missingProperty)}`;
      return { field, message: `${field} is required` };
    }
    case 'additionalProperties': {
      const field = `${at}/${String(params.additionalProperty)}`;
      return { field, message: `${field} is not allowed` };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      return { field: at, message: `${at} must be one of ${allowed}` };
    }
    default:
      return { field: at, message: `${at} ${error.message ?? 'is invalid'}` };
  }
}
