import { InvalidArgumentError, type Param } from '@mlops/plugin-api';

/**
 * Refuses a batch whose params differ from the values stored for their keys (logged before, or
 * by a concurrent batch that committed first). `stored` holds every key of `params`.
 * @throws InvalidArgumentError with MLflow's message, field `params[<i>].value`.
 */
export function checkParamValues(
  params: readonly Param[],
  stored: ReadonlyMap<string, string>,
  runId: string,
): void {
  params.forEach((p, i) => {
    const old = stored.get(p.key);
    if (old !== p.value) {
      throw new InvalidArgumentError(
        `Changing param values is not allowed. Param with key='${p.key}' was already logged with value='${old}' for run ID='${runId}'. Attempted logging new value '${p.value}'.`,
        { field: `params[${i}].value`, reason: 'param_immutable', key: p.key },
      );
    }
  });
}
