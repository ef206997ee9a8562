import { expect } from 'chai';
import { type FilterNode, parseFilter, runFilterProfile } from '../src/index.js';
import { compare } from './compare.js';
import { searchErrorOf } from './searchErrorOf.js';

// Filters from MLflow's tests/utils/test_search_utils.py and its "Search Runs" guide, with the
// tree each one must give. MLflow's own parse result is noted where ours differs in shape only.
const accepted: [string, FilterNode | null][] = [
  ['metric.acc >= 0.94', compare('metric', 'acc', '>=', 0.94)],
  ['metric.acc>=100', compare('metric', 'acc', '>=', 100)],
  ["params.m!='tf'", compare('param', 'm', '!=', 'tf')],
  ['params."m"!="tf"', compare('param', 'm', '!=', 'tf')],
  ['metric."legit name" >= 0.243', compare('metric', 'legit name', '>=', 0.243)],
  ['metrics.XYZ = 3', compare('metric', 'XYZ', '=', 3)],
  ['params."cat dog" = "pets"', compare('param', 'cat dog', '=', 'pets')],
  ['metrics."X-Y-Z" = 3', compare('metric', 'X-Y-Z', '=', 3)],
  ['metrics."X//Y#$$@&Z" = 3', compare('metric', 'X//Y#$$@&Z', '=', 3)],
  ["params.model = 'LinearRegression'", compare('param', 'model', '=', 'LinearRegression')],
  [
    "metrics.rmse < 1 and params.model_class = 'LR'",
    {
      kind: 'and',
      children: [compare('metric', 'rmse', '<', 1), compare('param', 'model_class', '=', 'LR', 21)],
    },
  ],
  ['', null],
  ['   ', null],
  ['`metric`.a >= 0.1', compare('metric', 'a', '>=', 0.1)],
  ["tags.version = 'commit-hash'", compare('tag', 'version', '=', 'commit-hash')],
  ["`tags`.source_name = 'a notebook'", compare('tag', 'source_name', '=', 'a notebook')],
  ['metrics."accuracy.2.0" > 5', compare('metric', 'accuracy.2.0', '>', 5)],
  ['metrics.`spacey name` > 5', compare('metric', 'spacey name', '>', 5)],
  ['params."p.a.r.a.m" != "a"', compare('param', 'p.a.r.a.m', '!=', 'a')],
  ['tags."t.a.g" = "a"', compare('tag', 't.a.g', '=', 'a')],
  ["attribute.artifact_uri = '1/23/4'", compare('attribute', 'artifact_uri', '=', '1/23/4')],
  ['attribute.start_time >= 1234', compare('attribute', 'start_time', '>=', 1234, 0, 'timestamp')],
  ["run.status = 'RUNNING'", compare('attribute', 'status', '=', 'RUNNING')],
  ["dataset.name = 'my_dataset'", compare('dataset', 'name', '=', 'my_dataset')],
  ['tags.version IS NULL', compare('tag', 'version', 'IS NULL', null)],
  ['tags.version IS NOT NULL', compare('tag', 'version', 'IS NOT NULL', null)],
  ['params.lr IS NULL', compare('param', 'lr', 'IS NULL', null)],
  ['params.lr is not null', compare('param', 'lr', 'IS NOT NULL', null)],
  [
    "tags.a IS NULL AND params.b = 'val'",
    { kind: 'and', children: [compare('tag', 'a', 'IS NULL', null), compare('param', 'b', '=', 'val', 19)] },
  ],
  ["params.m = 'LR'", compare('param', 'm', '=', 'LR')],
  ['params.m = "LR"', compare('param', 'm', '=', 'LR')],
  ['params.m = "L\'Hosp"', compare('param', 'm', '=', "L'Hosp")],
  // The "Search Runs" guide.
  ['metrics.`log-scale-loss` <= 0', compare('metric', 'log-scale-loss', '<=', 0)],
  ['metrics.`f1 score` >= 0.5', compare('metric', 'f1 score', '>=', 0.5)],
  ['params.batch_size = "2"', compare('param', 'batch_size', '=', '2')],
  ['params.model LIKE "GPT%"', compare('param', 'model', 'LIKE', 'GPT%')],
  ['params.model ILIKE "gPt%"', compare('param', 'model', 'ILIKE', 'gPt%')],
  ['tags.task ILIKE "classif%"', compare('tag', 'task', 'ILIKE', 'classif%')],
  [
    "datasets.digest IN ('s8ds293b', 'jks834s2')",
    compare('dataset', 'digest', 'IN', ['s8ds293b', 'jks834s2']),
  ],
  ['datasets.context = "train"', compare('dataset', 'context', '=', 'train')],
  ['attributes.status = "ACTIVE"', compare('attribute', 'status', '=', 'ACTIVE')],
  ['attributes.user_id LIKE "user1"', compare('attribute', 'user_id', 'LIKE', 'user1')],
  ['attributes.run_name = "my-run"', compare('attribute', 'run_name', '=', 'my-run')],
  [
    "attributes.run_id IN ('a1b2c3d4', 'e5f6g7h8')",
    compare('attribute', 'run_id', 'IN', ['a1b2c3d4', 'e5f6g7h8']),
  ],
  [
    'attributes.end_time < 1664067852747',
    compare('attribute', 'end_time', '<', 1664067852747, 0, 'timestamp'),
  ],
  [
    'attributes.created > 1664067852747',
    compare('attribute', 'start_time', '>', 1664067852747, 0, 'timestamp'),
  ],
  ['params.batch_size != "None"', compare('param', 'batch_size', '!=', 'None')],
  [
    'metrics.loss <= 0.15 AND metrics.loss >= 0.1',
    {
      kind: 'and',
      children: [compare('metric', 'loss', '<=', 0.15), compare('metric', 'loss', '>=', 0.1, 25)],
    },
  ],
  ['tags.mlflow.user = "alice"', compare('tag', 'mlflow.user', '=', 'alice')],
  // Aliases MLflow translates: `created` and `run name`, the `attr`, `param`, `parameters` prefixes.
  ['created >= 5', compare('attribute', 'start_time', '>=', 5, 0, 'timestamp')],
  ["attr.`Run Name` = 'x'", compare('attribute', 'run_name', '=', 'x')],
  ["param.a = 'x'", compare('param', 'a', '=', 'x')],
  ["parameters.a = 'x'", compare('param', 'a', '=', 'x')],
  ["status = 'FAILED'", compare('attribute', 'status', '=', 'FAILED')],
  ['"run_id" = "abc"', compare('attribute', 'run_id', '=', 'abc')],
  // sqlparse's number forms: negative, fraction without integer part, exponent.
  ['metrics.loss > -1.5e-3', compare('metric', 'loss', '>', -0.0015)],
  ['metrics.loss > .5', compare('metric', 'loss', '>', 0.5)],
  ['metrics.loss < 5.', compare('metric', 'loss', '<', 5)],
  ['metrics.loss < 2E3', compare('metric', 'loss', '<', 2000)],
];

describe('parseFilter: MLflow filters on runs', () => {
  for (const [filter, tree] of accepted) {
    it(`parses ${JSON.stringify(filter)}`, () => {
      expect(parseFilter(filter, runFilterProfile)).to.deep.equal(tree);
    });
  }

  it('treats absent filters as no condition', () => {
    expect(parseFilter(undefined, runFilterProfile)).to.equal(null);
    expect(parseFilter(null, runFilterProfile)).to.equal(null);
  });
});

// What MLflow refuses (same tests), with our message. MLflow's wording is in the comment.
const refused: [string, string, number][] = [
  // "Search filter contained multiple expression"
  ['metric.acc >= 0.94; metrics.rmse < 1', 'expected AND, OR or end of input at position 18, found ";"', 18],
  // "Invalid entity type"
  [
    'm.acc >= 0.94',
    'unknown entity type "m" at position 0; expected one of metrics, params, tags, attributes, datasets',
    0,
  ],
  [
    "p.model >= 'LR'",
    'unknown entity type "p" at position 0; expected one of metrics, params, tags, attributes, datasets',
    0,
  ],
  [
    'attri.x != 1',
    'unknown entity type "attri" at position 0; expected one of metrics, params, tags, attributes, datasets',
    0,
  ],
  // "Invalid attribute key"
  [
    'acc >= 0.94',
    'unknown attribute "acc" at position 0; expected one of run_id, run_name, user_id, status, artifact_uri, start_time, end_time',
    0,
  ],
  [
    'attribute.start != 1',
    'unknown attribute "start" at position 10; expected one of run_id, run_name, user_id, status, artifact_uri, start_time, end_time',
    10,
  ],
  [
    'attribute.experiment_id != 1',
    'unknown attribute "experiment_id" at position 10; expected one of run_id, run_name, user_id, status, artifact_uri, start_time, end_time',
    10,
  ],
  [
    "attribute.lifecycle_stage = 'ACTIVE'",
    'unknown attribute "lifecycle_stage" at position 10; expected one of run_id, run_name, user_id, status, artifact_uri, start_time, end_time',
    10,
  ],
  [
    "attribute._status != 'RUNNING'",
    'unknown attribute "_status" at position 10; expected one of run_id, run_name, user_id, status, artifact_uri, start_time, end_time',
    10,
  ],
  [
    'foo is null',
    'unknown attribute "foo" at position 0; expected one of run_id, run_name, user_id, status, artifact_uri, start_time, end_time',
    0,
  ],
  // "Invalid dataset key"
  [
    "dataset.status = 'true'",
    'unknown dataset field "status" at position 8; expected one of name, digest, context',
    8,
  ],
  [
    "dataset.profile = 'num_rows: 10'",
    'unknown dataset field "profile" at position 8; expected one of name, digest, context',
    8,
  ],
  // "Invalid clause(s) in filter string"
  [
    "metrics.A > 0.1 NAND params.B = 'LR'",
    'expected AND, OR or end of input at position 16, found "NAND"',
    16,
  ],
  ['`metrics.A > 0.1', 'unterminated quoted name starting at position 0', 0],
  ['param`.A > 0.1', 'unterminated quoted name starting at position 5', 5],
  [
    'attribute.status = true',
    'attribute status value must be a quoted string (found true at position 19)',
    19,
  ],
  [
    "params.'acc = LR",
    'expected a name after "params." at position 7, found "\'" (quote names with backticks or double quotes)',
    7,
  ],
  ["params.acc = 'LR", 'unterminated string starting at position 13', 13],
  ["params.acc = LR'", 'unterminated string starting at position 15', 15],
  ['tags.acc = "LR\'', 'unterminated string starting at position 11', 11],
  ["tags.acc = = 'LR'", 'tag value must be a quoted string (found = at position 11)', 11],
  [
    "attribute.status IS 'RUNNING'",
    'expected NULL or NOT NULL after IS at position 20, found "\'RUNNING\'"',
    20,
  ],
  ['params.acc LR !=', 'expected a comparator after "params.acc" at position 11, found "LR"', 11],
  ['metric.acc !=', 'metric value must be a number (found end of input at position 13)', 13],
  // "IS NULL / IS NOT NULL is only supported for tags and params"
  [
    'metrics.acc IS NULL',
    '"metrics.acc" can only be compared with =, !=, >, >=, <, <= (found IS NULL at position 12)',
    12,
  ],
  [
    'attribute.status IS NULL',
    '"attribute.status" can only be compared with =, !=, LIKE, ILIKE, IN, NOT IN (found IS NULL at position 17)',
    17,
  ],
  // "Expected numeric value type for metric" / "Expected a quoted string value for ..."
  ["metric.model = 'LR'", "metric value must be a number (found 'LR' at position 15)", 15],
  ["metric.model = '5'", "metric value must be a number (found '5' at position 15)", 15],
  ['params.acc = 5', 'param value must be a quoted string (found 5 at position 13)', 13],
  ['tags.acc = 5', 'tag value must be a quoted string (found 5 at position 11)', 11],
  ['metrics.acc != metrics.acc', 'metric value must be a number (found metrics.acc at position 15)', 15],
  ['attribute.status = 1', 'attribute status value must be a quoted string (found 1 at position 19)', 19],
  [
    "attributes.start_time = 'x'",
    "attribute start_time value must be a number (found 'x' at position 24)",
    24,
  ],
  // "value is either not quoted or unidentified quote types"
  ['params.acc = LR', 'param value must be a quoted string (found LR at position 13)', 13],
  ['params.acc = `LR`', 'param value must be a quoted string (found `LR` at position 13)', 13],
  // "Expected 'Identifier' found"
  ['1.0 > metrics.acc', 'expected a field name, "(" or NOT at position 0, found "1.0"', 0],
  ['1=1', 'expected a field name, "(" or NOT at position 0, found "1"', 0],
  // "Invalid comparator" (test_bad_comparators)
  ['metrics.abc ~ 1.0', 'expected a comparator after "metrics.abc" at position 12, found "~"', 12],
  ['metrics.abc ~= 1.0', 'expected a comparator after "metrics.abc" at position 12, found "~"', 12],
  [
    "params.abc > 'v'",
    '"params.abc" can only be compared with =, !=, LIKE, ILIKE, IN, NOT IN, IS NULL, IS NOT NULL (found > at position 11)',
    11,
  ],
  [
    "tags.abc <= 'v'",
    '"tags.abc" can only be compared with =, !=, LIKE, ILIKE, IN, NOT IN, IS NULL, IS NOT NULL (found <= at position 9)',
    9,
  ],
  [
    "attributes.status >= 'v'",
    '"attributes.status" can only be compared with =, !=, LIKE, ILIKE, IN, NOT IN (found >= at position 18)',
    18,
  ],
  [
    'attributes.start_time LIKE 1234',
    '"attributes.start_time" can only be compared with =, !=, >, >=, <, <= (found LIKE at position 22)',
    22,
  ],
  [
    "datasets.name < 'n'",
    '"datasets.name" can only be compared with =, !=, LIKE, ILIKE, IN, NOT IN (found < at position 14)',
    14,
  ],
  [
    'metrics.acc LIKE 1',
    '"metrics.acc" can only be compared with =, !=, >, >=, <, <= (found LIKE at position 12)',
    12,
  ],
];

describe('parseFilter: filters MLflow refuses', () => {
  for (const [filter, message, position] of refused) {
    it(`refuses ${JSON.stringify(filter)}`, () => {
      const error = searchErrorOf(() => parseFilter(filter, runFilterProfile));
      expect(error.message).to.equal(`filter: ${message}`);
      expect(error.details).to.include({ field: 'filter', position });
    });
  }

  it('gives the reason of each kind of refusal in details.reason', () => {
    const reasonOf = (filter: string): unknown =>
      searchErrorOf(() => parseFilter(filter, runFilterProfile)).details.reason;
    expect(reasonOf('metrics.a ~ 1')).to.equal('syntax');
    expect(reasonOf('m.a > 1')).to.equal('field');
    expect(reasonOf("metrics.a LIKE 'x'")).to.equal('comparator');
    expect(reasonOf("metrics.a > 'x'")).to.equal('value');
    expect(reasonOf('metrics.a > 1e400')).to.equal('value');
    expect(reasonOf(`${'NOT '.repeat(101)}tags.a = 'x'`)).to.equal('nesting');
  });
});
