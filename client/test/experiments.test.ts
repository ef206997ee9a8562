import { expect } from 'chai';
import {
  AlreadyExistsError,
  ApiResponseError,
  type Experiment,
  InvalidArgumentError,
  NotFoundError,
} from '../src/index.js';
import { type Platform, rejectionOf, startPlatform } from './startPlatform.js';

describe('client.experiments', () => {
  let platform: Platform;
  before(async () => {
    platform = await startPlatform();
  });
  after(() => platform.stop());

  it('creates, gets, renames, tags, deletes and restores an experiment', async () => {
    const { experiments } = platform.client;
    const created = await experiments.create({ name: 'churn', tags: { team: 'ml' } });
    expect(created).to.include({ name: 'churn', lifecycle_stage: 'active' });
    expect(created.tags).to.deep.equal({ team: 'ml' });
    expect(await experiments.get(created.experiment_id)).to.deep.equal(created);

    const renamed = await experiments.rename(created.experiment_id, 'churn-v2');
    expect(renamed.name).to.equal('churn-v2');
    await experiments.setTag(created.experiment_id, 'owner/name', 'ana');
    expect((await experiments.getByName('churn-v2')).tags).to.deep.equal({ team: 'ml', 'owner/name': 'ana' });
    await experiments.deleteTag(created.experiment_id, 'owner/name');

    await experiments.delete(created.experiment_id);
    expect((await experiments.get(created.experiment_id)).lifecycle_stage).to.equal('deleted');
    expect((await experiments.getByName('churn-v2')).experiment_id).to.equal(created.experiment_id);
    const restored = await experiments.restore(created.experiment_id);
    expect(restored.lifecycle_stage).to.equal('active');
    expect(restored.tags).to.deep.equal({ team: 'ml' });
  });

  it('lists a page, every page and every experiment across pages', async () => {
    const { experiments } = platform.client;
    for (const n of [1, 2, 3, 4, 5]) await experiments.create({ name: `paged-${n}` });
    const query = { filter: "name LIKE 'paged-%'", order_by: ['name ASC'], max_results: 2 };
    const first = await experiments.list(query);
    expect(first.experiments.map((e) => e.name)).to.deep.equal(['paged-1', 'paged-2']);
    expect(first.next_page_token).to.be.a('string');

    const sizes: number[] = [];
    for await (const page of experiments.listPages(query)) sizes.push(page.experiments.length);
    expect(sizes).to.deep.equal([2, 2, 1]);

    const names: string[] = [];
    for await (const e of experiments.listAll(query)) names.push(e.name);
    expect(names).to.deep.equal(['paged-1', 'paged-2', 'paged-3', 'paged-4', 'paged-5']);

    const rest: Experiment[] = [];
    for await (const e of experiments.listAll({ ...query, page_token: first.next_page_token! })) rest.push(e);
    expect(rest.map((e) => e.name)).to.deep.equal(['paged-3', 'paged-4', 'paged-5']);
  });

  it('maps error answers to the taxonomy with the server message, details and status', async () => {
    const { experiments } = platform.client;
    const missing = await rejectionOf(experiments.get('999999'));
    expect(missing).to.be.instanceOf(NotFoundError);
    expect(missing.message).to.equal('No Experiment with id=999999 exists');
    expect((missing as NotFoundError).details.field).to.equal('experiment_id');
    const cause = missing.cause as ApiResponseError;
    expect(cause).to.be.instanceOf(ApiResponseError);
    expect(cause).to.include({ status: 404, errorCode: 'NOT_FOUND', method: 'GET' });
    expect(cause.url).to.equal(`${platform.url}/api/v1/experiments/999999`);
    expect(cause.requestId).to.be.a('string');

    await experiments.create({ name: 'taken' });
    const taken = await rejectionOf(experiments.create({ name: 'taken' }));
    expect(taken).to.be.instanceOf(AlreadyExistsError);
    expect(taken.message).to.equal('Experiment(name=taken) already exists.');
    expect((taken as AlreadyExistsError).details.field).to.equal('name');
    expect((taken.cause as ApiResponseError).status).to.equal(409);

    const bad = await rejectionOf(experiments.list({ filter: 'name =' }));
    expect(bad).to.be.instanceOf(InvalidArgumentError);
    expect(bad.message).to.equal(
      'filter: attribute name value must be a quoted string (found end of input at position 6)',
    );
    expect((bad as InvalidArgumentError).details.field).to.equal('filter');

    const byName = await rejectionOf(experiments.getByName("no 'such' one"));
    expect(byName).to.be.instanceOf(NotFoundError);
    expect(byName.message).to.equal('experiment "no \'such\' one" does not exist');
  });
});
