import type {
  BlobMultipartUploads,
  BlobStore,
  LoggedModels,
  RouteDefinition,
  Tracking,
} from '@mlops/plugin-api';
import { mlflowArtifactListRoute } from './mlflowArtifactListRoute.js';
import { mlflowArtifactProxyRoutes } from './mlflowArtifactProxyRoutes.js';
import { mlflowExperimentRoutes } from './mlflowExperimentRoutes.js';
import { mlflowLoggedModelRoutes } from './mlflowLoggedModelRoutes.js';
import { mlflowLoggingRoutes } from './mlflowLoggingRoutes.js';
import { mlflowMetricRoutes } from './mlflowMetricRoutes.js';
import { mlflowMultipartRoutes } from './mlflowMultipartRoutes.js';
import { mlflowRunRoutes } from './mlflowRunRoutes.js';
import { nativeArtifactRoutes } from './nativeArtifactRoutes.js';
import { nativeComparisonRoutes } from './nativeComparisonRoutes.js';
import { nativeExperimentRoutes } from './nativeExperimentRoutes.js';
import { nativeLoggedModelRoutes } from './nativeLoggedModelRoutes.js';
import { nativeRunDataRoutes } from './nativeRunDataRoutes.js';
import { nativeRunRoutes } from './nativeRunRoutes.js';
import { RunArtifactBlobs } from './runArtifactBlobs.js';

/** What the tracking routes use: the Tracking port and, for artifacts, the storage ports present. */
export interface TrackingRoutesDeps {
  readonly tracking: Tracking;
  readonly loggedModels: LoggedModels;
  readonly blobs?: BlobStore | undefined;
  readonly multipart?: BlobMultipartUploads | undefined;
}

/**
 * Every HTTP route of the tracking plugin: MLflow's REST API 2.0 (under `/api/2.0` and
 * `/ajax-api/2.0`), MLflow's artifact proxy, and the native API under `/api/v1`. Routes with a
 * fixed last segment come before the `:id` routes they would otherwise be read as.
 */
export function trackingRoutes({
  tracking,
  loggedModels,
  blobs,
  multipart,
}: TrackingRoutesDeps): RouteDefinition[] {
  const artifacts = new RunArtifactBlobs(blobs, multipart);
  return [
    ...mlflowExperimentRoutes(tracking),
    ...mlflowRunRoutes(tracking, loggedModels),
    ...mlflowLoggingRoutes(tracking, loggedModels),
    ...mlflowLoggedModelRoutes(loggedModels),
    ...mlflowMetricRoutes(tracking),
    ...mlflowArtifactListRoute(tracking),
    ...mlflowArtifactProxyRoutes(tracking, loggedModels, artifacts),
    ...mlflowMultipartRoutes(tracking, artifacts),
    ...nativeExperimentRoutes(tracking),
    ...nativeLoggedModelRoutes(loggedModels),
    ...nativeComparisonRoutes(tracking),
    ...nativeRunRoutes(tracking),
    ...nativeRunDataRoutes(tracking),
    ...nativeArtifactRoutes(tracking, artifacts),
  ];
}
