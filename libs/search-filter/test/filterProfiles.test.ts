import { expect } from 'chai';
import {
  experimentFilterProfile,
  type FilterNode,
  type FilterProfile,
  modelVersionFilterProfile,
  parseFilter,
  registeredModelFilterProfile,
  runFilterProfile,
} from '../src/index.js';
import { compare } from './compare.js';
import { searchErrorOf } from './searchErrorOf.js';

const expectRefusal = (filter: string, profile: FilterProfile, message: string, position: number): void => {
  const error = searchErrorOf(() => parseFilter(filter, profile));
  expect(error.message).to.equal(`filter: ${message}`);
  expect(error.details).to.include({ field: 'filter', position });
};

describe('experimentFilterProfile', () => {
  const accepted: [string, FilterNode][] = [
    // MLflow's "Search Experiments" guide.
    ["attributes.name = 'x'", compare('attribute', 'name', '=', 'x')],
    ["name = 'x'", compare('attribute', 'name', '=', 'x')],
    ["attribute.name LIKE 'x%'", compare('attribute', 'name', 'LIKE', 'x%')],
    ["tags.group != 'x'", compare('tag', 'group', '!=', 'x')],
    ["tag.group ILIKE '%x%'", compare('tag', 'group', 'ILIKE', '%x%')],
    ['creation_time > 1000', compare('attribute', 'creation_time', '>', 1000, 0, 'timestamp')],
    ['attributes.last_update_time <= 5', compare('attribute', 'last_update_time', '<=', 5, 0, 'timestamp')],
    ['tags.owner IS NULL', compare('tag', 'owner', 'IS NULL', null)],
  ];
  for (const [filter, tree] of accepted) {
    it(`parses ${JSON.stringify(filter)}`, () => {
      expect(parseFilter(filter, experimentFilterProfile)).to.deep.equal(tree);
    });
  }

  it('refuses what MLflow refuses for experiments', () => {
    expectRefusal(
      'metrics.a > 1',
      experimentFilterProfile,
      'unknown entity type "metrics" at position 0; expected one of attributes, tags',
      0,
    );
    expectRefusal(
      "run.name = 'x'",
      experimentFilterProfile,
      'unknown entity type "run" at position 0; expected one of attributes, tags',
      0,
    );
    expectRefusal(
      "experiment_id = '1'",
      experimentFilterProfile,
      'cannot filter by attribute "experiment_id" at position 0; expected one of name, creation_time, last_update_time',
      0,
    );
    expectRefusal(
      "creation_time = 'x'",
      experimentFilterProfile,
      "attribute creation_time value must be a number (found 'x' at position 16)",
      16,
    );
    expectRefusal(
      "name > 'x'",
      experimentFilterProfile,
      '"name" can only be compared with =, !=, LIKE, ILIKE, IN, NOT IN (found > at position 5)',
      5,
    );
  });
});

describe('registeredModelFilterProfile', () => {
  it('accepts name and tags, as MLflow', () => {
    expect(
      parseFilter(
        "name = 'churn' AND tags.`mlflow.prompt.is_prompt` != 'true'",
        registeredModelFilterProfile,
      ),
    ).to.deep.equal({
      kind: 'and',
      children: [
        compare('attribute', 'name', '=', 'churn'),
        compare('tag', 'mlflow.prompt.is_prompt', '!=', 'true', 19),
      ],
    });
    expect(parseFilter("name ILIKE 'ch%'", registeredModelFilterProfile)).to.deep.equal(
      compare('attribute', 'name', 'ILIKE', 'ch%'),
    );
    expect(parseFilter("name IN ('a', 'b')", registeredModelFilterProfile)).to.deep.equal(
      compare('attribute', 'name', 'IN', ['a', 'b']),
    );
  });

  it('refuses other attributes, metrics and IS NULL', () => {
    expectRefusal(
      'creation_timestamp > 1',
      registeredModelFilterProfile,
      'cannot filter by attribute "creation_timestamp" at position 0; expected one of name',
      0,
    );
    expectRefusal(
      "run_id = 'x'",
      registeredModelFilterProfile,
      'unknown attribute "run_id" at position 0; expected one of name',
      0,
    );
    expectRefusal(
      'tags.k IS NULL',
      registeredModelFilterProfile,
      '"tags.k" can only be compared with =, !=, LIKE, ILIKE, IN, NOT IN (found IS NULL at position 7)',
      7,
    );
    expectRefusal(
      "params.a = 'x'",
      registeredModelFilterProfile,
      'unknown entity type "params" at position 0; expected one of attributes, tags',
      0,
    );
  });
});

describe('modelVersionFilterProfile', () => {
  it('accepts name, version_number, run_id, source_path and tags, as MLflow', () => {
    expect(parseFilter("name = 'churn' and version_number >= 2", modelVersionFilterProfile)).to.deep.equal({
      kind: 'and',
      children: [
        compare('attribute', 'name', '=', 'churn'),
        compare('attribute', 'version_number', '>=', 2, 19, 'number'),
      ],
    });
    expect(parseFilter("run_id IN ('abc', 'def')", modelVersionFilterProfile)).to.deep.equal(
      compare('attribute', 'run_id', 'IN', ['abc', 'def']),
    );
    expect(parseFilter("source_path LIKE 's3://%'", modelVersionFilterProfile)).to.deep.equal(
      compare('attribute', 'source_path', 'LIKE', 's3://%'),
    );
    expect(parseFilter("tags.`extra key` = 'v'", modelVersionFilterProfile)).to.deep.equal(
      compare('tag', 'extra key', '=', 'v'),
    );
    expect(parseFilter("run_id NOT IN ('a')", modelVersionFilterProfile)).to.deep.equal(
      compare('attribute', 'run_id', 'NOT IN', ['a']),
    );
  });

  it('refuses a quoted version number and order-only attributes', () => {
    expectRefusal(
      "version_number = '2'",
      modelVersionFilterProfile,
      "attribute version_number value must be a number (found '2' at position 17)",
      17,
    );
    expectRefusal(
      "version_number LIKE '2%'",
      modelVersionFilterProfile,
      '"version_number" can only be compared with =, !=, >, >=, <, <= (found LIKE at position 15)',
      15,
    );
    expectRefusal(
      'last_updated_timestamp > 1',
      modelVersionFilterProfile,
      'cannot filter by attribute "last_updated_timestamp" at position 0; expected one of name, version_number, run_id, source_path',
      0,
    );
  });
});

describe('profiles and Object.prototype', () => {
  it('does not take inherited properties for prefixes or attributes', () => {
    expectRefusal(
      "toString = 'x'",
      runFilterProfile,
      'unknown attribute "toString" at position 0; expected one of run_id, run_name, user_id, status, artifact_uri, start_time, end_time',
      0,
    );
    expectRefusal(
      "__proto__ = 'x'",
      runFilterProfile,
      'unknown attribute "__proto__" at position 0; expected one of run_id, run_name, user_id, status, artifact_uri, start_time, end_time',
      0,
    );
    expectRefusal(
      'constructor.x = 1',
      runFilterProfile,
      'unknown entity type "constructor" at position 0; expected one of metrics, params, tags, attributes, datasets',
      0,
    );
    expectRefusal(
      "hasOwnProperty = 'x'",
      experimentFilterProfile,
      'unknown attribute "hasOwnProperty" at position 0; expected one of name, creation_time, last_update_time',
      0,
    );
  });
});
