import { servingBentomlPlugin } from './servingBentomlPlugin.js';

export { BentoBackend, type BentoBackendDeps } from './BentoBackend.js';
export {
  type BentoBackendOptions,
  type BentoCloudTarget,
  bentoBackendOptionsSchema,
  parseBentoBackendOptions,
} from './BentoBackendOptions.js';
export { type BuildBentoOptions, type BuiltBento, buildBento, installBentomlHint } from './buildBento.js';
export { type BentoProject, type BentoProjectInput, generateBentoProject } from './generateBentoProject.js';
export { type BentoFlavour, type MlModel, parseMlModel } from './MlModel.js';
export { type ModelFiles, modelFilesOf } from './ModelFiles.js';
export type { ServingBentomlOptions } from './options.js';
export { RemoteBentoModel } from './RemoteBentoModel.js';
export { servingBentomlPlugin };

/** The plugin factory, as the default export so JSON and YAML configs can load it by package name. */
export default servingBentomlPlugin;
