import { AlreadyExistsError, InvalidArgumentError, isMlopsError, NotFoundError } from '@mlops/plugin-api';
import { wireFieldError } from './wireFieldError.js';

/** The request fields an MLflow error message may quote. */
export interface MlflowErrorFields {
  readonly name?: unknown;
  readonly version?: unknown;
  readonly new_name?: unknown;
}

/**
 * `err` reworded as MLflow's SQL store words it, for the errors its clients tell apart: a missing
 * model (`Registered Model with name=churn not found`), a missing version (`Model Version
 * (name=churn, version=3) not found`) and a taken name (`Registered Model (name=churn) already
 * exists.`). The category, hence `error_code` and status, stays; other errors only get the
 * request's field names.
 */
export function mlflowError(err: unknown, fields: MlflowErrorFields): unknown {
  if (!isMlopsError(err)) return err;
  const field = err.details.field;
  const options = { cause: err };
  if (err.category === 'NotFound' && (field === 'model' || field === 'name')) {
    return new NotFoundError(
      `Registered Model with name=${String(fields.name)} not found`,
      { ...err.details, field: 'name' },
      options,
    );
  }
  if (err.category === 'NotFound' && field === 'version') {
    return new NotFoundError(
      `Model Version (name=${String(fields.name)}, version=${String(fields.version)}) not found`,
      { ...err.details, field: 'version' },
      options,
    );
  }
  if (err.category === 'AlreadyExists' && (field === 'name' || field === 'newName' || field === 'model')) {
    const taken = field === 'newName' ? fields.new_name : fields.name;
    // The port says why a name of a deleted model is still taken; MLflow (no soft delete) never needs to.
    const hint = /\((it is deleted[^)]*)\)/.exec(err.message)?.[1];
    return new AlreadyExistsError(
      `Registered Model (name=${String(taken)}) already exists.${hint === undefined ? '' : ` (${hint})`}`,
      { ...err.details, field: field === 'newName' ? 'new_name' : 'name' },
      options,
    );
  }
  return wireFieldError(err);
}

/**
 * MLflow's answer to a missing required field (its handlers' `_assert_required`), for the fields
 * that JSON Schema cannot require: those of DELETE requests, read from the body or the query.
 * @throws InvalidArgumentError naming the first missing field.
 */
export function requireMlflowFields(
  fields: Readonly<Record<string, unknown>>,
  names: readonly string[],
): void {
  for (const name of names) {
    const value = fields[name];
    if (value === undefined || value === null || value === '') {
      throw new InvalidArgumentError(
        `Missing value for required parameter '${name}'. See the API docs for more information about request parameters.`,
        { field: name },
      );
    }
  }
}
