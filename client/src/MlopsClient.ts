import type { ArtifactsApi } from './ArtifactsApi.js';
import type { ExperimentsApi } from './ExperimentsApi.js';
import type { ModelsApi } from './ModelsApi.js';
import type { RunsApi } from './RunsApi.js';
import type { VersionsApi } from './VersionsApi.js';

/** A typed client of the platform's native REST API (`/api/v1`), from {@link createClient}. */
export interface MlopsClient {
  /** The base URL requests go to, without a trailing slash. */
  readonly baseUrl: string;
  readonly experiments: ExperimentsApi;
  readonly runs: RunsApi;
  readonly artifacts: ArtifactsApi;
  readonly models: ModelsApi;
  readonly versions: VersionsApi;
}
