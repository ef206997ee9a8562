import { InvalidArgumentError } from '@mlops/plugin-api';

const loggedModelIdPattern = /^m-[0-9a-f]{32}$/;

/**
 * The MLflow 3 logged model a new version comes from: `loggedModelId` when given, else the id of a
 * `models:/m-<hex>` source (MLflow 3's `register_model` sends that source), else none.
 * @throws InvalidArgumentError naming `loggedModelId` for an id of another shape.
 */
export function resolveLoggedModelId(loggedModelId: unknown, source: string): string | undefined {
  if (loggedModelId === undefined || loggedModelId === '') {
    const match = /^models:\/(m-[0-9a-f]{32})\/?$/.exec(source);
    return match?.[1];
  }
  if (typeof loggedModelId !== 'string' || !loggedModelIdPattern.test(loggedModelId)) {
    throw new InvalidArgumentError(
      `loggedModelId ${JSON.stringify(loggedModelId)} is not a logged model id ("m-" and 32 hex digits)`,
      { field: 'loggedModelId' },
    );
  }
  return loggedModelId;
}
