import type { Registry, RouteDefinition } from '@mlops/plugin-api';
import { mlflowAliasRoutes } from './mlflowAliasRoutes.js';
import { mlflowModelVersionRoutes } from './mlflowModelVersionRoutes.js';
import { mlflowRegisteredModelRoutes } from './mlflowRegisteredModelRoutes.js';
import { mlflowTagRoutes } from './mlflowTagRoutes.js';
import { modelUriRoutes } from './modelUriRoutes.js';
import { nativeHistoryRoutes } from './nativeHistoryRoutes.js';
import { nativeLineageRoutes } from './nativeLineageRoutes.js';
import { nativeModelRoutes } from './nativeModelRoutes.js';
import { nativePromotionRoutes } from './nativePromotionRoutes.js';
import { nativeVersionRoutes } from './nativeVersionRoutes.js';

/**
 * Every HTTP route of the registry over its port: the native API under `/api/v1/` and MLflow's
 * model registry REST API 2.0 under `/api/2.0/mlflow/` and `/ajax-api/2.0/mlflow/`.
 */
export function registryRoutes(registry: Registry): RouteDefinition[] {
  return [
    ...nativeModelRoutes(registry),
    ...nativeVersionRoutes(registry),
    ...nativePromotionRoutes(registry),
    ...nativeHistoryRoutes(registry),
    ...nativeLineageRoutes(registry),
    ...modelUriRoutes(registry),
    ...mlflowRegisteredModelRoutes(registry),
    ...mlflowModelVersionRoutes(registry),
    ...mlflowTagRoutes(registry),
    ...mlflowAliasRoutes(registry),
  ];
}
