import type { EventListener, Logger, ModelVersionCreatedPayload } from '@mlops/plugin-api';
import type { SeenVersions } from './SeenVersions.js';

/**
 * The ModelVersionCreated listener: records the version's source for the artifact guard, counts
 * the event and logs it (`count` on the line is the number seen so far).
 */
export function recordModelVersion(
  seen: SeenVersions,
  logger: Logger,
): EventListener<ModelVersionCreatedPayload> {
  return ({ ref, source, call }) => {
    const count = seen.record(ref, source);
    logger.info(
      { model: ref.model, version: ref.version, source, requestId: call.requestId, count },
      `model version ${ref.model}/${ref.version} created from ${source}`,
    );
  };
}
