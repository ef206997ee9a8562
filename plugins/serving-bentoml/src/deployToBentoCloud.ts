import { setTimeout as sleep } from 'node:timers/promises';
import { FailedPreconditionError, InvalidArgumentError, UnavailableError } from '@mlops/plugin-api';
import type { BentoCloudTarget } from './BentoBackendOptions.js';
import type { BentoCloudClient, DeploymentRequest } from './BentoCloudClient.js';

/** Statuses after which waiting is pointless (BentoML's `Deployment.wait_until_ready` gives up on them). */
const failedStatuses = ['failed', 'image-build-failed', 'terminated', 'terminating', 'unhealthy'];
const readyStatuses = ['running', 'scaled-to-zero'];

/**
 * Creates the deployment `name` serving `bento`, or updates it when it exists, then polls its
 * status until it is `running` (or `scaled-to-zero`) and resolves to its endpoint URL.
 * @throws FailedPreconditionError when the deployment ends up failed, unhealthy or terminated;
 * UnavailableError when it is not running within `target.deployTimeoutMs` or BentoCloud does not
 * answer; the client's errors for a refused token, bento or body.
 */
export async function deployToBentoCloud(
  client: BentoCloudClient,
  target: BentoCloudTarget,
  name: string,
  bento: string,
  service: string | undefined,
): Promise<string> {
  const body = deploymentRequest(target, name, bento, service);
  const existing = await client.get(name);
  let deployment = existing === undefined ? await client.create(body) : await client.update(name, body);
  const deadline = Date.now() + target.deployTimeoutMs;
  for (;;) {
    if (readyStatuses.includes(deployment.status)) {
      const url = deployment.urls[0];
      if (url !== undefined) return url.replace(/\/+$/, '');
    }
    if (failedStatuses.includes(deployment.status)) {
      throw new FailedPreconditionError(
        `BentoCloud deployment "${name}" of ${bento} is ${deployment.status}; see its events and logs in BentoCloud`,
        { reason: deployment.status },
      );
    }
    if (Date.now() + target.pollIntervalMs > deadline) {
      throw new UnavailableError(
        `BentoCloud deployment "${name}" of ${bento} was not running within ${target.deployTimeoutMs} ms (status: ${deployment.status})`,
        { reason: 'deploy_timeout' },
      );
    }
    await sleep(target.pollIntervalMs);
    const latest = await client.get(name);
    if (latest === undefined) {
      throw new FailedPreconditionError(
        `BentoCloud deployment "${name}" disappeared while it was deploying`,
        {
          reason: 'deleted',
        },
      );
    }
    deployment = latest;
  }
}

function deploymentRequest(
  target: BentoCloudTarget,
  name: string,
  bento: string,
  service: string | undefined,
): DeploymentRequest {
  const scaling = {
    ...(target.minReplicas === undefined ? {} : { min_replicas: target.minReplicas }),
    ...(target.maxReplicas === undefined ? {} : { max_replicas: target.maxReplicas }),
  };
  const serviceConfig = {
    ...(target.instanceType === undefined ? {} : { instance_type: target.instanceType }),
    ...(Object.keys(scaling).length === 0 ? {} : { scaling }),
  };
  if (Object.keys(serviceConfig).length > 0 && service === undefined) {
    throw new InvalidArgumentError(
      "options.cloud.service (the Bento's service class) is needed to apply instanceType or replicas to a prebuilt Bento",
      { field: 'options.cloud.service' },
    );
  }
  const envs = Object.entries(target.envs).map(([envName, value]) => ({ name: envName, value }));
  return {
    name,
    bento,
    access_authorization: target.accessAuthorization,
    ...(envs.length === 0 ? {} : { envs }),
    ...(service === undefined || Object.keys(serviceConfig).length === 0
      ? {}
      : { services: { [service]: serviceConfig } }),
  };
}
