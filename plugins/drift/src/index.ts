export type {
  BatchInfo,
  CheckOptions,
  DatasetUpload,
  DetectorInfo,
  DetectorUpdate,
  DriftReportSummary,
  ReferenceInfo,
  StoredDriftReport,
} from './DriftService.js';
export { DriftService } from './DriftService.js';
export { Adwin, type AdwinBucketRow, type AdwinParams, type AdwinSnapshot } from './detectors/Adwin.js';
export type {
  ConceptDriftDetector,
  DetectorKind,
  DetectorSnapshot,
} from './detectors/ConceptDriftDetector.js';
export { createDetector, type DetectorParamsByKind, detectorKinds } from './detectors/createDetector.js';
export { Ddm, type DdmParams, type DdmSnapshot } from './detectors/Ddm.js';
export { Eddm, type EddmParams, type EddmSnapshot } from './detectors/Eddm.js';
export {
  PageHinkley,
  type PageHinkleyMode,
  type PageHinkleyParams,
  type PageHinkleySnapshot,
} from './detectors/PageHinkley.js';
export { restoreDetector } from './detectors/restoreDetector.js';
export { driftPlugin } from './driftPlugin.js';
export type { DriftOptions } from './monitoring/driftOptions.js';
export type {
  CategoricalColumnData,
  ColumnarDataset,
  ColumnData,
  ColumnType,
  NumericColumnData,
} from './report/ColumnData.js';
export type { ColumnDrift, ColumnHistogram, DriftReport, SettingSource } from './report/DriftReport.js';
export type { ColumnTestName, ColumnTestSettings, DriftReportOptions } from './report/DriftReportOptions.js';
export { detectDrift } from './report/detectDrift.js';
export type { DatasetFormat } from './report/readRecords.js';
export { renderReportHtml } from './report/renderReportHtml.js';
export {
  type DatasetStream,
  type StreamDriftReportOptions,
  streamDriftReport,
} from './report/streamDriftReport.js';
export { adjustPValues } from './stats/adjustPValues.js';
export { chi2Contingency } from './stats/chi2Contingency.js';
export { chi2GoodnessOfFit } from './stats/chi2GoodnessOfFit.js';
export { chi2Sf } from './stats/chi2Sf.js';
export { jensenShannonDistance } from './stats/jensenShannonDistance.js';
export { ks2samp } from './stats/ks2samp.js';
export { kstwoSf } from './stats/kstwoSf.js';
export { psi } from './stats/psi.js';
export { smirnovSf } from './stats/smirnovSf.js';
export { sortedCopy } from './stats/sortedCopy.js';
export type {
  Alternative,
  CategoricalTestResult,
  CategoryCounts,
  Chi2ContingencyOptions,
  Chi2ContingencyResult,
  EffectSize,
  Ks2sampOptions,
  Ks2sampResult,
  PsiOptions,
  PValueAdjustment,
  Sample,
  TestName,
  TestResult,
} from './stats/types.js';
export { type WassersteinWeights, wassersteinDistance } from './stats/wassersteinDistance.js';
export { zTestProportions } from './stats/zTestProportions.js';

import { driftPlugin } from './driftPlugin.js';

/** The plugin factory, as the default export so JSON and YAML configs can load it by package name. */
export default driftPlugin;
