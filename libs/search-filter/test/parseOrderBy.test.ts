import { expect } from 'chai';
import {
  experimentFilterProfile,
  type FilterProfile,
  modelVersionFilterProfile,
  type OrderByClause,
  parseOrderBy,
  registeredModelFilterProfile,
  runFilterProfile,
} from '../src/index.js';
import { searchErrorOf } from './searchErrorOf.js';

const order = (
  entity: OrderByClause['entity'],
  key: string,
  direction: OrderByClause['direction'],
  fieldType: OrderByClause['fieldType'] = entity === 'metric' ? 'number' : 'string',
): OrderByClause => ({ entity, key, fieldType, direction });

// From MLflow's test_correct_sorting, test_space_order_by_search_runs and the registry tests.
const accepted: [FilterProfile, string, OrderByClause][] = [
  [runFilterProfile, 'metrics.acc DESC', order('metric', 'acc', 'desc')],
  [runFilterProfile, 'attributes.start_time', order('attribute', 'start_time', 'asc', 'timestamp')],
  [runFilterProfile, 'params.lr ASC', order('param', 'lr', 'asc')],
  [runFilterProfile, 'tags.noSuchTag', order('tag', 'noSuchTag', 'asc')],
  [runFilterProfile, 'metrics.key1 asc', order('metric', 'key1', 'asc')],
  [runFilterProfile, 'metrics."key1"  desc', order('metric', 'key1', 'desc')],
  [runFilterProfile, 'params.my_param aSc', order('param', 'my_param', 'asc')],
  [runFilterProfile, 'params.`my_param` DESC', order('param', 'my_param', 'desc')],
  [runFilterProfile, 'tags.tag1    DESC', order('tag', 'tag1', 'desc')],
  [runFilterProfile, 'metrics.`Mean Square Error`', order('metric', 'Mean Square Error', 'asc')],
  [runFilterProfile, 'metrics.`Mean Square Error` DESC', order('metric', 'Mean Square Error', 'desc')],
  [runFilterProfile, 'created DESC', order('attribute', 'start_time', 'desc', 'timestamp')],
  [runFilterProfile, 'attr.run_name', order('attribute', 'run_name', 'asc')],
  [runFilterProfile, ' params.my_param ', order('param', 'my_param', 'asc')],
  [experimentFilterProfile, 'experiment_id', order('attribute', 'experiment_id', 'asc')],
  [experimentFilterProfile, 'creation_time DESC', order('attribute', 'creation_time', 'desc', 'timestamp')],
  [experimentFilterProfile, 'attributes.name', order('attribute', 'name', 'asc')],
  [registeredModelFilterProfile, 'name', order('attribute', 'name', 'asc')],
  [registeredModelFilterProfile, '"name" DESC', order('attribute', 'name', 'desc')],
  [
    registeredModelFilterProfile,
    'timestamp DESC',
    order('attribute', 'last_updated_timestamp', 'desc', 'timestamp'),
  ],
  [
    registeredModelFilterProfile,
    'creation_timestamp desc',
    order('attribute', 'creation_timestamp', 'desc', 'timestamp'),
  ],
  [
    registeredModelFilterProfile,
    'attribute.last_updated_timestamp',
    order('attribute', 'last_updated_timestamp', 'asc', 'timestamp'),
  ],
  [modelVersionFilterProfile, 'version_number DESC', order('attribute', 'version_number', 'desc', 'number')],
  [modelVersionFilterProfile, 'name', order('attribute', 'name', 'asc')],
];

const refused: [FilterProfile, string, string, number][] = [
  [
    runFilterProfile,
    'm.acc',
    'unknown entity type "m" at position 0; expected one of metrics, params, tags, attributes',
    0,
  ],
  [
    runFilterProfile,
    'acc',
    'unknown attribute "acc" at position 0; expected one of run_id, run_name, user_id, status, artifact_uri, start_time, end_time',
    0,
  ],
  [
    runFilterProfile,
    'attri.x',
    'unknown entity type "attri" at position 0; expected one of metrics, params, tags, attributes',
    0,
  ],
  [runFilterProfile, '`metrics.A', 'unterminated quoted name starting at position 0', 0],
  [
    runFilterProfile,
    '`metrics.A`',
    'unknown attribute "metrics.A" at position 0; expected one of run_id, run_name, user_id, status, artifact_uri, start_time, end_time',
    0,
  ],
  [
    runFilterProfile,
    'attribute.start',
    'unknown attribute "start" at position 10; expected one of run_id, run_name, user_id, status, artifact_uri, start_time, end_time',
    10,
  ],
  [runFilterProfile, 'metrics.A != 1', 'expected ASC, DESC or end of input at position 10, found "!="', 10],
  [
    runFilterProfile,
    'attribute.run_id ACS',
    'expected ASC, DESC or end of input at position 17, found "ACS"',
    17,
  ],
  [
    runFilterProfile,
    'attribute.run_id decs',
    'expected ASC, DESC or end of input at position 17, found "decs"',
    17,
  ],
  [runFilterProfile, 'metrics.acc DESC extra', 'expected end of input at position 17, found "extra"', 17],
  [
    runFilterProfile,
    'datasets.name',
    'cannot order by datasets (found "datasets.name" at position 0); expected one of metrics, params, tags, attributes',
    0,
  ],
  [runFilterProfile, '', 'expected a field name at position 0, found end of input', 0],
  [runFilterProfile, "'name'", 'expected a field name at position 0, found "\'name\'"', 0],
  [
    registeredModelFilterProfile,
    'last_updated_timestamp DESC blah',
    'expected end of input at position 28, found "blah"',
    28,
  ],
  [
    registeredModelFilterProfile,
    'timestamp somerandomstuff ASC',
    'expected ASC, DESC or end of input at position 10, found "somerandomstuff"',
    10,
  ],
  [
    registeredModelFilterProfile,
    'name aCs',
    'expected ASC, DESC or end of input at position 5, found "aCs"',
    5,
  ],
  [
    registeredModelFilterProfile,
    'tags.a',
    'cannot order by tags (found "tags.a" at position 0); expected one of attributes',
    0,
  ],
  [
    modelVersionFilterProfile,
    'run_id',
    'cannot order by attribute "run_id" at position 0; expected one of name, version_number, creation_timestamp, last_updated_timestamp',
    0,
  ],
  [
    experimentFilterProfile,
    'tags.a DESC',
    'cannot order by tags (found "tags.a" at position 0); expected one of attributes',
    0,
  ],
];

describe('parseOrderBy', () => {
  for (const [profile, clause, expected] of accepted) {
    it(`parses ${JSON.stringify(clause)} for ${profile.name}`, () => {
      expect(parseOrderBy(clause, profile)).to.deep.equal(expected);
    });
  }
  for (const [profile, clause, message, position] of refused) {
    it(`refuses ${JSON.stringify(clause)} for ${profile.name}`, () => {
      const error = searchErrorOf(() => parseOrderBy(clause, profile));
      expect(error.message).to.equal(`order_by: ${message}`);
      expect(error.details).to.include({ field: 'order_by', position });
    });
  }

  it('names the field from the options, e.g. the index of the entry', () => {
    const error = searchErrorOf(() => parseOrderBy('nope', runFilterProfile, { field: 'order_by[2]' }));
    expect(error.message).to.match(/^order_by\[2\]: unknown attribute "nope" at position 0;/);
    expect(error.details).to.include({ field: 'order_by[2]', position: 0, reason: 'field' });
  });

  it('refuses a clause that is not a string', () => {
    const error = searchErrorOf(() => parseOrderBy(undefined as unknown as string, runFilterProfile));
    expect(error.message).to.equal('order_by: must be a string');
  });
});
