export type { LogisticRegressionWeights } from './LogisticRegression.js';
export { LogisticRegression } from './LogisticRegression.js';
export { type Example, makeDataset } from './makeDataset.js';
export { type TrainOptions, type TrainResult, train } from './train.js';
