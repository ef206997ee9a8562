import {
  type BlobStore,
  type InterceptorHandler,
  InvalidArgumentError,
  type ModelTransition,
  ModelVersionCreated,
  NotFoundError,
  pass,
  veto,
} from '@mlops/plugin-api';
import { artifactKeyOf } from './artifactKeyOf.js';
import type { SeenVersions } from './SeenVersions.js';

/** The stage the guard protects. */
export const guardedStage = 'Production';

/**
 * The BeforeModelTransition interceptor: a version may move to Production only when its
 * `blob:<key>` artifact is in the store. The transition payload carries no source, so the guard
 * uses the one recorded from the version's ModelVersionCreated event, and vetoes (fails closed)
 * when that event was not seen. Sources of other schemes pass: they are not this store's to check.
 */
export function artifactGuard(store: BlobStore, seen: SeenVersions): InterceptorHandler<ModelTransition> {
  return async ({ ref, to }) => {
    if (to !== guardedStage) return pass();
    const version = `${ref.model}/${ref.version}`;
    const source = seen.sourceOf(ref);
    if (source === undefined) {
      return veto(`no source is recorded for ${version}: its ${ModelVersionCreated.name} event was not seen`);
    }
    const key = artifactKeyOf(source);
    if (key === undefined) return pass();
    try {
      await store.head(key);
      return pass();
    } catch (err) {
      if (err instanceof NotFoundError)
        return veto(`artifact "${key}" of ${version} is not in the blob store`);
      if (err instanceof InvalidArgumentError) {
        return veto(`source "${source}" of ${version} does not name a valid blob key`);
      }
      throw err;
    }
  };
}
