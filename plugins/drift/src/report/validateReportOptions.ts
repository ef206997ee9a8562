import { InvalidArgumentError } from '@mlops/plugin-api';
import type { ColumnTestName, ColumnTestSettings, DriftReportOptions } from './DriftReportOptions.js';

const tests: readonly ColumnTestName[] = [
  'ks',
  'wasserstein',
  'psi',
  'chi2_contingency',
  'chi2_goodness_of_fit',
  'z_proportions',
  'jensenshannon',
];

function bad(field: string, message: string): never {
  throw new InvalidArgumentError(`${field} ${message}`, { field, reason: 'invalid' });
}

function checkSettings(field: string, settings: ColumnTestSettings | undefined): void {
  if (settings === undefined) return;
  if (settings.test !== undefined && !tests.includes(settings.test)) {
    bad(`${field}.test`, `must be one of ${tests.join(', ')}, got ${JSON.stringify(settings.test)}`);
  }
  const t = settings.threshold;
  if (t !== undefined && !(typeof t === 'number' && t > 0 && Number.isFinite(t))) {
    bad(`${field}.threshold`, `must be a number greater than 0, got ${JSON.stringify(t)}`);
  }
}

/**
 * Checks report options before any data is read.
 * @throws InvalidArgumentError naming the field (`columns.age.threshold`, `driftShare`, ...).
 */
export function validateReportOptions(options: DriftReportOptions): void {
  checkSettings('all', options.all);
  checkSettings('numeric', options.numeric);
  checkSettings('categorical', options.categorical);
  for (const [name, settings] of Object.entries(options.columns ?? {}))
    checkSettings(`columns.${name}`, settings);
  const share = options.driftShare;
  if (share !== undefined && !(typeof share === 'number' && share > 0 && share <= 1)) {
    bad('driftShare', `must be a number in (0, 1], got ${JSON.stringify(share)}`);
  }
  const correction = options.correction;
  if (correction !== undefined && !['none', 'bonferroni', 'benjamini-hochberg'].includes(correction)) {
    bad(
      'correction',
      `must be one of none, bonferroni, benjamini-hochberg, got ${JSON.stringify(correction)}`,
    );
  }
  const bins = options.histogramBins;
  if (bins !== undefined && !(Number.isInteger(bins) && bins >= 1 && bins <= 1000)) {
    bad('histogramBins', `must be an integer from 1 to 1000, got ${JSON.stringify(bins)}`);
  }
}

/**
 * The columns a report compares: `include` (each must exist), else every reference column, less
 * `exclude`.
 * @throws InvalidArgumentError `include[<i>] names no column of the reference: "<name>"`.
 */
export function selectColumns(referenceColumns: readonly string[], options: DriftReportOptions): string[] {
  const known = new Set(referenceColumns);
  options.include?.forEach((name, i) => {
    if (!known.has(name)) bad(`include[${i}]`, `names no column of the reference: ${JSON.stringify(name)}`);
  });
  const excluded = new Set(options.exclude ?? []);
  return (options.include ?? referenceColumns).filter((name) => !excluded.has(name));
}
