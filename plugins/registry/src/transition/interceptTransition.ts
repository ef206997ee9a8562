import {
  BeforeModelTransition,
  FailedPreconditionError,
  type Hooks,
  type ModelTransition,
  VetoedError,
} from '@mlops/plugin-api';

/** What a move is called in messages: a move up (Staging, Production, an alias) is a promotion. */
function moveName(to: string): string {
  return to === 'Staging' || to === 'Production' || to.startsWith('@') ? 'promotion' : 'transition';
}

/**
 * Runs the `model.version.beforeTransition` interceptors, outside any transaction, and returns the
 * reason to record (interceptors may amend it, and nothing else).
 * @throws FailedPreconditionError `promotion of churn/1 to Production refused by <plugin>: <reason>`
 * on a veto, naming `field`; FailedPreconditionError when an interceptor changed another field.
 */
export async function interceptTransition(
  hooks: Hooks,
  transition: ModelTransition,
  field: string,
): Promise<string | undefined> {
  const { ref, to } = transition;
  let result: ModelTransition;
  try {
    result = await hooks.run(BeforeModelTransition, transition);
  } catch (err) {
    if (err instanceof VetoedError) {
      throw new FailedPreconditionError(
        `${moveName(to)} of ${ref.model}/${ref.version} to ${to} refused by ${err.by}: ${err.reason}`,
        { field, reason: 'vetoed', by: err.by },
        { cause: err },
      );
    }
    throw err;
  }
  for (const key of ['from', 'to', 'runId', 'archiveExistingVersions', 'call'] as const) {
    if (result[key] !== transition[key]) amendRefused(key);
  }
  if (result.ref.model !== ref.model || result.ref.version !== ref.version) amendRefused('ref');
  return result.reason;
}

function amendRefused(key: string): never {
  throw new FailedPreconditionError(
    `an interceptor of ${BeforeModelTransition.name} changed "${key}"; only "reason" may be amended`,
    { field: key, reason: 'amended' },
  );
}
