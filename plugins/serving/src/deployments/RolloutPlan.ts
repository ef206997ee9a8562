import type { NewRevision } from './DeploymentStore.js';

/** What a rollout is asked to serve, before interceptors and the registry have had their say. */
export type RolloutPlan = Omit<NewRevision, 'createdBy' | 'createdAt' | 'artifactSha256'>;
