export {
  AlreadyExistsError,
  ConflictError,
  DataLossError,
  type ErrorCategory,
  type ErrorDetails,
  FailedPreconditionError,
  InternalError,
  InvalidArgumentError,
  isMlopsError,
  MlopsError,
  NotFoundError,
  PermissionDeniedError,
  UnauthenticatedError,
  UnavailableError,
} from '@mlops/plugin-api';
export { ApiResponseError } from './ApiResponseError.js';
export type { ArtifactSource, ArtifactsApi, DownloadOptions } from './ArtifactsApi.js';
export type { ClientOptions, RetryOptions } from './ClientOptions.js';
export { createClient } from './createClient.js';
export type { ExperimentsApi } from './ExperimentsApi.js';
export type { MetricLogger } from './MetricLogger.js';
export type { BufferedPoint, MetricLoggerOptions } from './MetricLoggerOptions.js';
export type { MlopsClient } from './MlopsClient.js';
export type { ModelsApi } from './ModelsApi.js';
export type { RunsApi } from './RunsApi.js';
export type * from './registryWire.js';
export type * from './trackingWire.js';
export type { VersionsApi } from './VersionsApi.js';
