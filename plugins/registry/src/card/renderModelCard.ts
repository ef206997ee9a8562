import type { ModelLineage, ModelVersion, Run, TransitionRecord } from '@mlops/plugin-api';

/** What a model card is made of. */
export interface ModelCardInput {
  readonly version: ModelVersion;
  readonly lineage: ModelLineage;
  /** The source run with params and metrics, when Tracking has it. */
  readonly run: Run | undefined;
  readonly history: readonly TransitionRecord[];
}

/** A table cell: pipes escaped, line breaks flattened, so user text cannot break the table. */
function cell(value: string | number): string {
  return String(value).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => ' --- |').join('')}`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function byKey<T extends { key: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function describeChange(r: TransitionRecord): string {
  if (r.kind === 'alias') return `alias @${r.alias}: ${r.from} → ${r.to}`;
  if (r.kind === 'stage') return `stage: ${r.from} → ${r.to}`;
  return r.kind;
}

/**
 * The markdown of a model card: the version's facts, description and tags, its training run's
 * parameters and metrics, the datasets it came from, and its history. Deterministic: the same
 * input always gives the same text.
 */
export function renderModelCard({ version, lineage, run, history }: ModelCardInput): string {
  const lines: string[] = [`# Model card: ${version.model} version ${version.version}`, ''];
  lines.push(
    ...table(
      ['Field', 'Value'],
      [
        ['Stage', version.stage],
        ['Status', version.status],
        ['Aliases', version.aliases.length === 0 ? '(none)' : version.aliases.map((a) => `@${a}`).join(', ')],
        ['Source', version.source],
        ['Source run', version.runId ?? '(none)'],
        ['Created', `${iso(version.creationTime)} by ${version.userId}`],
        ['Revision', version.revision],
      ],
    ),
    '',
    '## Description',
    '',
    version.description === '' ? '(none)' : version.description,
    '',
  );
  const tags = Object.entries(version.tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (tags.length > 0) lines.push('## Tags', '', ...table(['Tag', 'Value'], tags), '');

  lines.push('## Training run', '');
  if (run === undefined) {
    lines.push(
      version.runId === undefined
        ? 'No source run is recorded.'
        : `Run ${version.runId} is not available from tracking.`,
      '',
    );
  } else {
    const { info } = run;
    const ended = info.endTime === undefined ? '' : `, ended ${iso(info.endTime)}`;
    lines.push(
      `Run ${info.runId} ("${info.runName}") in experiment ${info.experimentId}: ${info.status}, started ${iso(info.startTime)}${ended}.`,
      '',
    );
    const params = byKey(run.data.params);
    lines.push(
      '### Parameters',
      '',
      ...(params.length === 0
        ? ['(none)']
        : table(
            ['Parameter', 'Value'],
            params.map((p) => [p.key, p.value]),
          )),
      '',
    );
    const metrics = byKey(run.data.metrics);
    lines.push(
      '### Metrics',
      '',
      ...(metrics.length === 0
        ? ['(none)']
        : table(
            ['Metric', 'Value', 'Step'],
            metrics.map((m) => [m.key, m.value, m.step]),
          )),
      '',
    );
  }

  lines.push('## Lineage', '');
  if (lineage.datasets.length === 0) {
    lines.push('No dataset inputs are recorded.', '');
  } else {
    const rows = lineage.datasets.map(({ dataset, tags }) => [
      dataset.name,
      dataset.digest,
      dataset.sourceType,
      tags.find((t) => t.key === 'mlflow.data.context')?.value ?? '',
    ]);
    lines.push(...table(['Dataset', 'Digest', 'Source type', 'Context'], rows), '');
  }

  lines.push('## History', '');
  if (history.length === 0) {
    lines.push('No stage transitions or alias moves yet.', '');
  } else {
    const rows = history.map((r) => [iso(r.at), describeChange(r), r.principal, r.reason ?? '']);
    lines.push(...table(['When', 'Change', 'By', 'Reason'], rows), '');
  }
  return lines.join('\n');
}
