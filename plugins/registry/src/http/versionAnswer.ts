import type { HttpRequest, HttpResponse, ModelVersion, ModelVersionRef } from '@mlops/plugin-api';
import { toNativeVersion } from './toNativeVersion.js';
import { versionETag } from './versionETag.js';

/** The version a native route's path names (`:name`, `:version`, both checked by its schema). */
export function pathRef(request: HttpRequest): ModelVersionRef {
  return { model: request.params.name!, version: Number(request.params.version) };
}

/** A version as the native API answers one: its wire form, with its `ETag`. */
export function versionAnswer(
  version: ModelVersion,
  status = 200,
): HttpResponse & { headers: Record<string, string> } {
  return { status, headers: { ETag: versionETag(version) }, body: toNativeVersion(version) };
}
