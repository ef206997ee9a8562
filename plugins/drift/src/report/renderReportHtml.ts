import type { ColumnDrift, ColumnHistogram, DriftReport } from './DriftReport.js';

const width = 360;
const height = 120;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function format(value: number | undefined): string {
  if (value === undefined) return '';
  if (value === 0 || (Math.abs(value) >= 1e-3 && Math.abs(value) < 1e6))
    return String(Number(value.toPrecision(4)));
  return value.toExponential(3);
}

/** Two bar series (reference grey, current blue) as shares of each side, in one inline SVG. */
function histogramSvg(histogram: ColumnHistogram): string {
  const labels =
    histogram.kind === 'numeric'
      ? histogram.reference.map(
          (_, i) => `${format(histogram.edges[i])} to ${format(histogram.edges[i + 1])}`,
        )
      : [
          ...histogram.categories,
          ...(histogram.otherReference + histogram.otherCurrent > 0 ? ['other'] : []),
        ];
  const reference =
    histogram.kind === 'numeric' ? histogram.reference : [...histogram.reference, histogram.otherReference];
  const current =
    histogram.kind === 'numeric' ? histogram.current : [...histogram.current, histogram.otherCurrent];
  const share = (xs: number[]) => {
    const total = xs.reduce((a, b) => a + b, 0) || 1;
    return xs.map((x) => x / total);
  };
  const [r, c] = [share(reference), share(current)];
  const top = Math.max(...r, ...c, 1e-12);
  const slot = width / labels.length;
  const bar = Math.max(slot / 2 - 1, 0.5);
  const bars = labels.map((label, i) => {
    const hr = (r[i]! / top) * (height - 4);
    const hc = (c[i]! / top) * (height - 4);
    const x = i * slot;
    const title = `<title>${escapeHtml(label)}: reference ${format(r[i]! * 100)}%, current ${format(c[i]! * 100)}%</title>`;
    return (
      `<g>${title}<rect x="${format(x)}" y="${format(height - hr)}" width="${format(bar)}" height="${format(hr)}" fill="#9e9e9e"/>` +
      `<rect x="${format(x + bar)}" y="${format(height - hc)}" width="${format(bar)}" height="${format(hc)}" fill="#1e6fd9"/></g>`
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="histogram">${bars.join('')}</svg>`;
}

function columnRow(column: ColumnDrift): string {
  const verdict = column.drifted ? '<b class="drift">drift</b>' : 'no drift';
  const pValue = column.result.pValue === undefined ? '' : format(column.result.pValue);
  return (
    `<tr><td>${escapeHtml(column.column)}</td><td>${column.type}</td><td>${column.test}</td>` +
    `<td>${format(column.result.statistic)}</td><td>${pValue}</td><td>${format(column.adjustedPValue)}</td>` +
    `<td>${escapeHtml(column.result.effectSize.name)} ${format(column.result.effectSize.value)}</td>` +
    `<td>${column.result.n1} / ${column.result.n2}</td><td>${format(column.threshold)}</td><td>${verdict}</td>` +
    `<td>${histogramSvg(column.histogram)}</td></tr>`
  );
}

/**
 * A self-contained HTML page of a report: the dataset verdict, then one row per column with its
 * test, statistic, p-values, effect size, sample sizes, threshold, verdict and a histogram of
 * both sides (inline SVG; the page loads nothing from the network).
 */
export function renderReportHtml(report: DriftReport, title = 'Data drift report'): string {
  const verdict = report.datasetDrift
    ? `<p class="drift">Dataset drift: ${report.driftedColumns.length} of ${report.columns.length} columns drifted (share ${format(report.share)} &ge; ${format(report.driftShare)}).</p>`
    : `<p>No dataset drift: ${report.driftedColumns.length} of ${report.columns.length} columns drifted (share ${format(report.share)} &lt; ${format(report.driftShare)}).</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:middle}.drift{color:#c62828}.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px}</style>
</head><body><h1>${escapeHtml(title)}</h1>
${verdict}
<p>Reference rows: ${report.referenceRows}. Current rows: ${report.currentRows}. Correction: ${report.correction}.
<span class="legend"><span style="background:#9e9e9e"></span>reference<span style="background:#1e6fd9"></span>current</span></p>
<table><thead><tr><th>column</th><th>type</th><th>test</th><th>statistic</th><th>p-value</th><th>adjusted p</th><th>effect size</th><th>n ref / cur</th><th>threshold</th><th>verdict</th><th>histogram (share of rows)</th></tr></thead>
<tbody>
${report.columns.map(columnRow).join('\n')}
</tbody></table></body></html>
`;
}
