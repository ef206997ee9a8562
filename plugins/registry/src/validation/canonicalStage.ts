import { InvalidArgumentError, type ModelStage, modelStages } from '@mlops/plugin-api';

/**
 * The canonical spelling of a stage given in any case (`production` → `Production`), as MLflow's
 * `get_canonical_stage`; undefined when it is no stage.
 */
export function findStage(input: string): ModelStage | undefined {
  return modelStages.find((stage) => stage.toLowerCase() === input.toLowerCase());
}

/**
 * Like {@link findStage}, but a name that is no stage is an error.
 * @throws InvalidArgumentError naming `field`.
 */
export function canonicalStage(input: unknown, field = 'stage'): ModelStage {
  const stage = typeof input === 'string' ? findStage(input) : undefined;
  if (stage === undefined) {
    throw new InvalidArgumentError(
      `${field} ${JSON.stringify(input)} is not one of ${modelStages.join(', ')}`,
      {
        field,
      },
    );
  }
  return stage;
}
