import type { Comparison } from '@mlops/search-filter';
import type { SqlDialect } from '../sqlDialect.js';
import { compareColumn } from './compareColumn.js';
import type { Condition } from './compileFilter.js';
import { keyValueCondition } from './keyValueCondition.js';

/** Run attributes of the filter language and their columns in `tracking_runs` (aliased `r`). */
export const runAttributeColumns: Readonly<Record<string, string>> = {
  run_id: 'r.run_id',
  run_name: 'r.name',
  user_id: 'r.user_id',
  status: 'r.status',
  artifact_uri: 'r.artifact_uri',
  start_time: 'r.start_time',
  end_time: 'r.end_time',
};

/** The tag MLflow records a dataset input's role in (`train`, `eval`). */
const datasetContextTag = 'mlflow.data.context';

/**
 * The condition of one comparison of a runs filter. A metric, param, tag or dataset comparison is
 * a semi-join (`r.run_int IN (SELECT run_int ...)`) on that table alone, so conditions never
 * multiply rows. Metric comparisons read the latest value; NaN compares unequal to everything.
 * `keyIds` maps metric keys to ids (an unknown key matches no run).
 */
export function runCondition(
  c: Comparison,
  keyIds: ReadonlyMap<string, number>,
  dialect: SqlDialect,
): Condition {
  switch (c.entity) {
    case 'attribute': {
      const column = runAttributeColumns[c.key]!;
      return (qb) => {
        // So that NOT (end_time > x) holds for a run without an end time.
        if (c.key === 'end_time') qb.whereNotNull(column);
        compareColumn(qb, column, c, dialect);
      };
    }
    case 'metric':
      return (qb) => {
        qb.whereIn('r.run_int', (sub) => {
          sub
            .select('run_int')
            .from('tracking_latest_metrics')
            .where('key_id', keyIds.get(c.key) ?? -1);
          if (c.op === '!=')
            sub.andWhere((b) => b.where('is_nan', true).orWhere('value', '!=', c.value as number));
          else sub.andWhere('is_nan', false).andWhere('value', c.op, c.value as number);
        });
      };
    case 'param':
    case 'tag': {
      const table = c.entity === 'param' ? 'tracking_params' : 'tracking_tags';
      return keyValueCondition(c, { table, ownerColumn: 'run_int', owner: 'r.run_int' }, dialect);
    }
    case 'dataset':
      return (qb) => {
        qb.whereIn('r.run_int', (sub) => {
          if (c.key === 'context') {
            sub.select('run_int').from('tracking_input_tags').where('key', datasetContextTag);
            compareColumn(sub, 'value', c, dialect);
          } else {
            sub
              .select('i.run_int')
              .from('tracking_inputs as i')
              .join('tracking_datasets as d', 'd.dataset_int', 'i.dataset_int');
            compareColumn(sub, `d.${c.key}`, c, dialect);
          }
        });
      };
  }
}
