import { Auth, type PluginContext, type Serving } from '@mlops/plugin-api';
import type { ServingOptions } from '../options.js';
import { GrpcInferenceServer } from './GrpcInferenceServer.js';

/**
 * The gRPC service when `grpc.enabled`: it listens at the plugin's start, and logs the address
 * bound (`grpc` field), and stops before the models drain at its stop.
 */
export function installGrpcServer(
  ctx: PluginContext<ServingOptions>,
  serving: Serving,
): { start(): Promise<void>; stop(): Promise<void> } {
  const { grpc } = ctx.options;
  const server = new GrpcInferenceServer({ serving, logger: ctx.logger, auth: () => ctx.find(Auth) });
  return {
    async start() {
      if (!grpc.enabled) return;
      const port = await server.start(grpc.host, grpc.port);
      ctx.logger.info(
        { grpc: `${grpc.host}:${port}` },
        `KServe v2 gRPC service listening on ${grpc.host}:${port}`,
      );
    },
    stop: () => server.stop(),
  };
}
