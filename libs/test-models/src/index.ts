export * from './onnxModels.js';
