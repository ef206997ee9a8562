import { createHash } from 'node:crypto';
import type { HpoBestTrial } from '@mlops/plugin-api';
import { chartJsSource } from './chartJsSource.js';
import { reportScript } from './reportScript.js';
import type { StudyPlots } from './studyPlots.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that cannot end the `<script>` element it sits in. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function bestTable(best: readonly HpoBestTrial[]): string {
  if (best.length === 0) return '<p class="empty">No trial has completed yet.</p>';
  const names = [...new Set(best.flatMap((t) => Object.keys(t.params)))].sort();
  const head = ['trial', 'values', ...names].map((n) => `<th>${escapeHtml(n)}</th>`).join('');
  const rows = best
    .map((t) => {
      const cells = [
        String(t.number),
        t.values.join(', '),
        ...names.map((n) => JSON.stringify(t.params[n] ?? null)),
      ];
      return `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
    })
    .join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

let policy: string | undefined;

/**
 * The Content-Security-Policy of a report: its two inline scripts by hash and its inline style,
 * nothing else (no fetch, no image but data URLs, no form). The page carries it in a `<meta>`
 * too, so a report opened from disk is held to the same rules as one served over HTTP.
 */
export function studyReportCsp(): string {
  policy ??=
    `default-src 'none'; script-src ${sha256(chartJsSource())} ${sha256(reportScript)}; ` +
    `style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;
  return policy;
}

const style = `
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; max-width: 1600px; }
h1 { margin-bottom: 0.2rem; } .meta { color: #555; margin-top: 0; }
section { margin: 1.5rem 0; } figure { display: inline-block; margin: 0 1rem 1rem 0; }
figcaption { font-weight: 600; margin-bottom: 0.3rem; } .empty { color: #777; font-style: italic; }
table { border-collapse: collapse; } th, td { border: 1px solid #ccc; padding: 0.2rem 0.6rem; text-align: left; }
`;

/**
 * A study report as one self-contained HTML page: Chart.js and the plot data are inlined, so the
 * page draws offline and makes no request. It shows the trial counts, the best trial(s), the
 * optimisation history, parallel coordinates, parameter importances, slice plots and, for
 * several objectives, the Pareto front.
 */
export function renderStudyReport(
  plots: StudyPlots,
  best: readonly HpoBestTrial[],
  generatedAt = new Date(),
): string {
  const { study, counts } = plots;
  const countText = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${state}`)
    .join(', ');
  const sections = [
    ['history', 'Optimisation history'],
    ['parallel', 'Parallel coordinates'],
    ['importances', 'Parameter importances'],
    ['slices', 'Slices'],
    ...(plots.paretoFront ? [['pareto', 'Pareto front']] : []),
  ]
    .map(([id, title]) => `<section id="${id}"><h2>${title}</h2></section>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${studyReportCsp()}">
<title>Study ${escapeHtml(study.name)}</title>
<style>${style}</style>
</head>
<body>
<h1>Study ${escapeHtml(study.name)}</h1>
<p class="meta">${escapeHtml(study.directions.join(', '))} · ${escapeHtml(countText || 'no trials')}${
    plots.truncated ? ' · plots show the first trials only' : ''
  } · generated ${escapeHtml(generatedAt.toISOString())}</p>
<section id="best"><h2>${best.length > 1 ? 'Best trials (Pareto front)' : 'Best trial'}</h2>${bestTable(best)}</section>
${sections}
<script type="application/json" id="study-data">${scriptJson(plots)}</script>
<script>${chartJsSource()}</script>
<script>${reportScript}</script>
</body>
</html>
`;
}
