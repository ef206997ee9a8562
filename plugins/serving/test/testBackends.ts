import {
  definePlugin,
  type InferenceRequest,
  type InferenceResponse,
  type PluginInstance,
  ServingBackend,
} from '@mlops/plugin-api';

/** What a test backend does before answering a request of a model version (wait at a gate, fail...). */
export type Behaviour = (request: InferenceRequest, version: number) => Promise<void>;

/**
 * A remote-style backend for tests (a stand-in for a model server on the network): its model
 * takes `x` FP32 [batch, 1] and answers `y = 2x`, after `behaviour`; it records each call's rows.
 */
export function testBackendPlugin(name: string, behaviour: Behaviour, calls: number[] = []): PluginInstance {
  const backend: ServingBackend = {
    name,
    async load(spec) {
      return {
        inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 1] }],
        outputs: [{ name: 'y', datatype: 'FP32', shape: [-1, 1] }],
        async ready() {
          return true;
        },
        async predict(request: InferenceRequest): Promise<InferenceResponse> {
          calls.push(request.inputs[0]!.shape[0]!);
          await behaviour(request, spec.model.version);
          const x = request.inputs[0]!;
          return {
            modelName: spec.model.model,
            outputs: [
              { name: 'y', datatype: 'FP32', shape: [...x.shape], data: x.data.map((v) => Number(v) * 2) },
            ],
          };
        },
        async unload() {},
      };
    },
  };
  return definePlugin({
    name: `test-backend-${name}`,
    version: '0.1.0',
    apiVersion: '^0.1.0',
    provides: [ServingBackend],
    setup(ctx) {
      ctx.provide(ServingBackend, backend);
    },
  })();
}

/** A gate requests wait at until the test opens it. */
export function gate(): { wait: () => Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait: () => opened, open };
}
