import { BlobStore, LoggedModels, systemCall } from '@mlops/plugin-api';
import { expect } from 'chai';
import { expectMlflowError, okBody } from './expectAnswer.js';
import { PythonMlflowClient, pythonClientHeaders, send } from './pythonMlflowClient.js';
import { startTrackingServer, type TrackingServer } from './startTrackingServer.js';

interface WireModel {
  info: {
    model_id: string;
    experiment_id: string;
    name: string;
    artifact_uri: string;
    status: string;
    source_run_id?: string;
    model_type?: string;
    creation_timestamp_ms: number;
    last_updated_timestamp_ms: number;
    tags: { key: string; value: string }[];
  };
  data: { params: { key: string; value: string }[]; metrics: Record<string, unknown>[] };
}

const mlmodel = 'artifact_path: model\nflavors:\n  python_function:\n    loader_module: mlflow.sklearn\n';

for (const store of ['sqlite', 'postgres'] as const) {
  describe(`MLflow 3 logged models (/api/2.0/mlflow/logged-models), as MLflow 3's log_model calls them (${store})`, function () {
    this.timeout(30_000);
    let server: TrackingServer;
    let client: PythonMlflowClient;
    let experimentId: string;
    let runId: string;
    let model: WireModel;

    before(async () => {
      server = await startTrackingServer({ store });
      client = new PythonMlflowClient(server.url);
      experimentId = (
        okBody(await client.call('POST', '/mlflow/experiments/create', { name: 'logged-models' })) as {
          experiment_id: string;
        }
      ).experiment_id;
      runId = (
        okBody(
          await client.call('POST', '/mlflow/runs/create', {
            experiment_id: experimentId,
            start_time: Date.now(),
          }),
        ) as { run: { info: { run_id: string } } }
      ).run.info.run_id;
    });
    after(() => server.stop());

    it('creates a PENDING model with its params and tags, its artifacts under the experiment', async () => {
      const since = Date.now();
      const created = okBody(
        await client.call('POST', '/mlflow/logged-models', {
          experiment_id: experimentId,
          name: 'model',
          model_type: 'sklearn',
          source_run_id: runId,
          params: [{ key: 'alpha', value: '0.5' }],
          tags: [{ key: 'mlflow.source.name', value: 'train.py' }],
        }),
      ) as { model: WireModel };
      model = created.model;
      expect(model.info.model_id).to.match(/^m-[0-9a-f]{32}$/);
      expect(model.info.creation_timestamp_ms).to.be.within(since, Date.now());
      expect(model.info).to.deep.include({
        experiment_id: experimentId,
        name: 'model',
        artifact_uri: `mlflow-artifacts:/${experimentId}/models/${model.info.model_id}/artifacts`,
        status: 'LOGGED_MODEL_PENDING',
        source_run_id: runId,
        model_type: 'sklearn',
        tags: [{ key: 'mlflow.source.name', value: 'train.py' }],
      });
      expect(model.data).to.deep.equal({ params: [{ key: 'alpha', value: '0.5' }], metrics: [] });
      // MLflow's client parses the answer with its proto, where creator_id is an int64: never sent.
      expect(model.info).to.not.have.property('creator_id');
    });

    it("uploads, lists and downloads the model's files through the artifact proxy", async () => {
      const base = `${server.url}/api/2.0/mlflow-artifacts/artifacts/${experimentId}/models/${model.info.model_id}/artifacts`;
      for (const [path, body] of [
        ['MLmodel', mlmodel],
        ['model.pkl', 'pickled weights'],
        ['requirements/requirements.txt', 'scikit-learn==1.5.0'],
      ]) {
        const put = await send(`${base}/${path}`, {
          method: 'PUT',
          headers: { ...pythonClientHeaders, 'Content-Type': 'application/octet-stream' },
          body,
        });
        expect(okBody(put)).to.deep.equal({});
      }
      const blobs = server.kernel.get(BlobStore);
      expect(
        (await blobs.head(`experiments/${experimentId}/models/${model.info.model_id}/artifacts/model.pkl`))
          .size,
      ).to.equal(15);
      const listed = await send(
        `${server.url}/api/2.0/mlflow-artifacts/artifacts?path=${experimentId}/models/${model.info.model_id}/artifacts`,
        { headers: pythonClientHeaders },
      );
      expect(okBody(listed)).to.deep.equal({
        files: [
          { path: 'MLmodel', is_dir: false, file_size: mlmodel.length },
          { path: 'model.pkl', is_dir: false, file_size: 15 },
          { path: 'requirements', is_dir: true },
        ],
      });
      const download = await send(`${base}/MLmodel`, { headers: pythonClientHeaders });
      expect(download.status).to.equal(200);
      expect(download.body).to.equal(mlmodel);
      const directories = await client.call(
        'GET',
        `/mlflow/logged-models/${model.info.model_id}/artifacts/directories`,
        { artifact_directory_path: 'requirements' },
      );
      expect(okBody(directories)).to.deep.equal({
        root_uri: model.info.artifact_uri,
        files: [{ path: 'requirements/requirements.txt', is_dir: false, file_size: 19 }],
      });
    });

    it('finalizes the model as READY and records it as the run output', async () => {
      const finalized = okBody(
        await client.call('PATCH', `/mlflow/logged-models/${model.info.model_id}`, {
          model_id: model.info.model_id,
          status: 'LOGGED_MODEL_READY',
        }),
      ) as { model: WireModel };
      expect(finalized.model.info.status).to.equal('LOGGED_MODEL_READY');
      okBody(
        await client.call('POST', '/mlflow/runs/outputs', {
          run_id: runId,
          models: [{ model_id: model.info.model_id, step: 0 }],
        }),
      );
      // A retried call records nothing twice.
      okBody(
        await client.call('POST', '/mlflow/runs/outputs', {
          run_id: runId,
          models: [{ model_id: model.info.model_id, step: 0 }],
        }),
      );
      const got = okBody(await client.call('GET', `/mlflow/logged-models/${model.info.model_id}`)) as {
        model: WireModel;
      };
      expect(got.model.info.status).to.equal('LOGGED_MODEL_READY');
      const models = await server.kernel.get(LoggedModels).runModels(runId, systemCall('test'));
      expect(models).to.deep.equal({ inputs: [], outputs: [{ modelId: model.info.model_id, step: 0 }] });
    });

    it('records logged models a run used (log-inputs models) and answers them in runs/get', async () => {
      const used = okBody(
        await client.call('POST', '/mlflow/runs/create', {
          experiment_id: experimentId,
          start_time: Date.now(),
        }),
      ) as { run: { info: { run_id: string } } };
      const evalRun = used.run.info.run_id;
      for (let attempt = 0; attempt < 2; attempt++) {
        okBody(
          await client.call('POST', '/mlflow/runs/log-inputs', {
            run_id: evalRun,
            datasets: [],
            models: [{ model_id: model.info.model_id }],
          }),
        );
      }
      const got = okBody(await client.call('GET', '/mlflow/runs/get', { run_id: evalRun })) as {
        run: { inputs: unknown; outputs?: unknown };
      };
      expect(got.run.inputs).to.deep.equal({ model_inputs: [{ model_id: model.info.model_id }] });
      expect(got.run.outputs).to.equal(undefined);
      const missing = `m-${'2'.repeat(32)}`;
      expectMlflowError(
        await client.call('POST', '/mlflow/runs/log-inputs', {
          run_id: evalRun,
          datasets: [
            {
              dataset: { name: 'd', digest: 'x', source_type: 'local', source: '{}' },
              tags: [],
            },
          ],
          models: [{ model_id: missing }],
        }),
        404,
        'RESOURCE_DOES_NOT_EXIST',
        `Logged model with ID '${missing}' not found.`,
      );
      const after = okBody(await client.call('GET', '/mlflow/runs/get', { run_id: evalRun })) as {
        run: { inputs: { dataset_inputs?: unknown[] } };
      };
      expect(after.run.inputs.dataset_inputs).to.equal(undefined);
    });

    it("finds the run's model by source run and name, as runs:/<run>/model resolves it", async () => {
      const other = okBody(
        await client.call('POST', '/mlflow/logged-models', { experiment_id: experimentId, name: 'other' }),
      ) as { model: WireModel };
      expect(other.model.info.name).to.equal('other');
      const found = okBody(
        await client.call('POST', '/mlflow/logged-models/search', {
          experiment_ids: [experimentId],
          filter: `source_run_id='${runId}' AND name='model'`,
        }),
      ) as { models: WireModel[] };
      expect(found.models.map((m) => m.info.model_id)).to.deep.equal([model.info.model_id]);
      const ready = okBody(
        await client.call('POST', '/mlflow/logged-models/search', {
          experiment_ids: [experimentId],
          filter: "status = 'LOGGED_MODEL_READY' AND params.alpha = '0.5'",
        }),
      ) as { models: WireModel[] };
      expect(ready.models.map((m) => m.info.model_id)).to.deep.equal([model.info.model_id]);
      // Newest first by default, one per page.
      const first = okBody(
        await client.call('POST', '/mlflow/logged-models/search', {
          experiment_ids: [experimentId],
          max_results: 1,
        }),
      ) as { models: WireModel[]; next_page_token: string };
      expect(first.models.map((m) => m.info.name)).to.deep.equal(['other']);
      const second = okBody(
        await client.call('POST', '/mlflow/logged-models/search', {
          experiment_ids: [experimentId],
          max_results: 1,
          page_token: first.next_page_token,
        }),
      ) as { models: WireModel[]; next_page_token?: string };
      expect(second.models.map((m) => m.info.name)).to.deep.equal(['model']);
      expect(second.next_page_token).to.equal(undefined);
      const byName = okBody(
        await client.call('POST', '/mlflow/logged-models/search', {
          experiment_ids: [experimentId],
          order_by: [{ field_name: 'name', ascending: true }],
        }),
      ) as { models: WireModel[] };
      expect(byName.models.map((m) => m.info.name)).to.deep.equal(['model', 'other']);
    });

    it('records metrics logged with a model_id for the model too, once, and searches on them', async () => {
      const point = { key: 'acc', value: 0.91, timestamp: 1_700_000_000_000, step: 0 };
      for (let attempt = 0; attempt < 2; attempt++) {
        okBody(
          await client.call('POST', '/mlflow/runs/log-batch', {
            run_id: runId,
            metrics: [
              { ...point, model_id: model.info.model_id, dataset_name: 'val', dataset_digest: 'abc123' },
            ],
          }),
        );
      }
      okBody(
        await client.call('POST', '/mlflow/runs/log-metric', {
          run_id: runId,
          run_uuid: runId,
          ...point,
          key: 'loss',
          value: 'NaN',
          model_id: model.info.model_id,
        }),
      );
      const got = (
        okBody(await client.call('GET', `/mlflow/logged-models/${model.info.model_id}`)) as {
          model: WireModel;
        }
      ).model;
      expect(got.data.metrics).to.deep.equal([
        {
          ...point,
          dataset_name: 'val',
          dataset_digest: 'abc123',
          model_id: model.info.model_id,
          run_id: runId,
        },
        { ...point, key: 'loss', value: 'NaN', model_id: model.info.model_id, run_id: runId },
      ]);
      // The run has its own points, as before.
      const run = okBody(await client.call('GET', '/mlflow/runs/get', { run_id: runId })) as {
        run: { data: { metrics: { key: string }[] } };
      };
      expect(run.run.data.metrics.map((m) => m.key).sort()).to.deep.equal(['acc', 'loss']);
      for (const [filter, expected] of [
        ['metrics.acc > 0.9', [model.info.model_id]],
        ['metrics.acc > 0.95', []],
        ['metrics.loss < 1', []],
      ] as const) {
        const found = okBody(
          await client.call('POST', '/mlflow/logged-models/search', {
            experiment_ids: [experimentId],
            filter,
          }),
        ) as { models: WireModel[] };
        expect(
          found.models.map((m) => m.info.model_id),
          filter,
        ).to.deep.equal(expected);
      }
      expectMlflowError(
        await client.call('POST', '/mlflow/runs/log-batch', {
          run_id: runId,
          metrics: [{ ...point, value: 0.5, step: 7, model_id: `m-${'1'.repeat(32)}` }],
        }),
        404,
        'RESOURCE_DOES_NOT_EXIST',
        `Logged model with ID 'm-${'1'.repeat(32)}' not found.`,
      );
      // Refused before the run's batch: the run did not get the point either.
      const history = okBody(
        await client.call('GET', '/mlflow/metrics/get-history', { run_id: runId, metric_key: 'acc' }),
      ) as { metrics: unknown[] };
      expect(history.metrics).to.have.length(1);
    });

    it("orders by a metric's latest point (on a dataset when named), NaN and missing last, across pages, and filters on datasets", async () => {
      const exp = (
        okBody(await client.call('POST', '/mlflow/experiments/create', { name: `ordered-${store}` })) as {
          experiment_id: string;
        }
      ).experiment_id;
      const run = (
        okBody(
          await client.call('POST', '/mlflow/runs/create', { experiment_id: exp, start_time: Date.now() }),
        ) as {
          run: { info: { run_id: string } };
        }
      ).run.info.run_id;
      const ids: Record<string, string> = {};
      // checkpoint -> points [value, timestamp, step, dataset]: the latest point decides.
      const points: Record<string, [number | string, number, number, string?][]> = {
        a: [
          [0.5, 1, 0],
          [0.8, 3, 1],
        ],
        b: [
          [0.9, 2, 0],
          [0.7, 2, 1],
        ],
        c: [
          [0.6, 5, 0],
          [0.99, 6, 0, 'test'],
        ],
        d: [['NaN', 1, 0]],
        e: [],
      };
      for (const [name, list] of Object.entries(points)) {
        ids[name] = (
          okBody(await client.call('POST', '/mlflow/logged-models', { experiment_id: exp, name })) as {
            model: WireModel;
          }
        ).model.info.model_id;
        if (list.length === 0) continue;
        okBody(
          await client.call('POST', '/mlflow/runs/log-batch', {
            run_id: run,
            metrics: list.map(([value, timestamp, step, dataset]) => ({
              key: 'acc',
              value,
              timestamp,
              step,
              model_id: ids[name],
              ...(dataset === undefined ? {} : { dataset_name: dataset, dataset_digest: 'd1' }),
            })),
          }),
        );
      }
      const names = async (order: Record<string, unknown>, maxResults = 10) => {
        const out: string[] = [];
        let token: string | undefined;
        do {
          const page = okBody(
            await client.call('POST', '/mlflow/logged-models/search', {
              experiment_ids: [exp],
              order_by: [order],
              max_results: maxResults,
              ...(token === undefined ? {} : { page_token: token }),
            }),
          ) as { models: WireModel[]; next_page_token?: string };
          out.push(...page.models.map((m) => m.info.name));
          token = page.next_page_token;
        } while (token !== undefined);
        return out;
      };
      expect(await names({ field_name: 'metrics.acc', ascending: false })).to.deep.equal([
        'c',
        'a',
        'b',
        'd',
        'e',
      ]);
      expect(await names({ field_name: 'metrics.acc', ascending: true }, 2)).to.deep.equal([
        'b',
        'a',
        'c',
        'd',
        'e',
      ]);
      expect(
        await names({
          field_name: 'metrics.acc',
          ascending: false,
          dataset_name: 'test',
          dataset_digest: 'd1',
        }),
      ).to.deep.equal(['c', 'e', 'd', 'b', 'a']);
      const found = async (fields: Record<string, unknown>) =>
        (
          okBody(
            await client.call('POST', '/mlflow/logged-models/search', { experiment_ids: [exp], ...fields }),
          ) as {
            models: WireModel[];
          }
        ).models.map((m) => m.info.name);
      expect(await found({ filter: 'metrics.acc > 0.85' })).to.deep.equal(['c', 'b']);
      const test = [{ dataset_name: 'test', dataset_digest: 'd1' }];
      expect(await found({ filter: 'metrics.acc > 0.85', datasets: test })).to.deep.equal(['c']);
      expect(await found({ filter: 'metrics.acc < 0.7', datasets: test })).to.deep.equal([]);
      expect(await found({ datasets: [{ dataset_name: 'test' }] })).to.deep.equal(['c']);
      expect(await found({ datasets: [{ dataset_name: 'test', dataset_digest: 'other' }] })).to.deep.equal(
        [],
      );
      const bad = await client.call('POST', '/mlflow/logged-models/search', {
        experiment_ids: [exp],
        order_by: [{ field_name: 'params.alpha' }],
      });
      expect(bad.status).to.equal(400);
    });

    it('sets and deletes tags, logs params once, and deletes the model', async () => {
      const id = model.info.model_id;
      okBody(
        await client.call('PATCH', `/mlflow/logged-models/${id}/tags`, {
          tags: [{ key: 'stage', value: 'candidate' }],
        }),
      );
      okBody(
        await client.call('POST', `/mlflow/logged-models/${id}/params`, {
          params: [{ key: 'depth', value: '3' }],
        }),
      );
      expectMlflowError(
        await client.call('POST', `/mlflow/logged-models/${id}/params`, {
          params: [{ key: 'depth', value: '4' }],
        }),
        400,
        'INVALID_PARAMETER_VALUE',
        `Changing param values is not allowed. Param with key='depth' was already logged with value='3' for logged model ID='${id}'. Attempted logging new value '4'.`,
      );
      const got = (okBody(await client.call('GET', `/mlflow/logged-models/${id}`)) as { model: WireModel })
        .model;
      expect(got.info.tags).to.deep.equal([
        { key: 'mlflow.source.name', value: 'train.py' },
        { key: 'stage', value: 'candidate' },
      ]);
      expect(got.data.params).to.deep.equal([
        { key: 'alpha', value: '0.5' },
        { key: 'depth', value: '3' },
      ]);
      okBody(await client.call('DELETE', `/mlflow/logged-models/${id}/tags/stage`));
      expectMlflowError(
        await client.call('DELETE', `/mlflow/logged-models/${id}/tags/stage`),
        404,
        'RESOURCE_DOES_NOT_EXIST',
        `No tag with key 'stage' found for logged model with ID '${id}'.`,
      );
      okBody(await client.call('DELETE', `/mlflow/logged-models/${id}`));
      expectMlflowError(
        await client.call('GET', `/mlflow/logged-models/${id}`),
        404,
        'RESOURCE_DOES_NOT_EXIST',
        `Logged model with ID '${id}' not found.`,
      );
    });

    it('refuses bad input by field and stores nothing', async () => {
      expectMlflowError(
        await client.call('POST', '/mlflow/logged-models', { experiment_id: '999' }),
        404,
        'RESOURCE_DOES_NOT_EXIST',
        'No Experiment with id=999 exists',
      );
      const before = (await server.db('tracking_logged_models').count({ n: '*' }))[0]!.n;
      const badParam = await client.call('POST', '/mlflow/logged-models', {
        experiment_id: experimentId,
        params: [{ key: 'x', value: 'v'.repeat(6001) }],
      });
      expect(badParam.status).to.equal(400);
      expect((badParam.body as { message: string }).message).to.match(
        /Param value .* exceeded length limit of 6000/,
      );
      expectMlflowError(
        await client.call('PATCH', `/mlflow/logged-models/m-${'0'.repeat(32)}`, {
          status: 'LOGGED_MODEL_READY',
        }),
        404,
        'RESOURCE_DOES_NOT_EXIST',
        `Logged model with ID 'm-${'0'.repeat(32)}' not found.`,
      );
      const pending = await client.call('PATCH', `/mlflow/logged-models/${model.info.model_id}`, {
        status: 'LOGGED_MODEL_PENDING',
      });
      expect(pending.status).to.equal(400);
      const badFilter = await client.call('POST', '/mlflow/logged-models/search', {
        experiment_ids: [experimentId],
        filter: 'metrics.accuracy IS NULL',
      });
      expect(badFilter.status).to.equal(400);
      expect((badFilter.body as { error_code: string }).error_code).to.equal('INVALID_PARAMETER_VALUE');
      expect((await server.db('tracking_logged_models').count({ n: '*' }))[0]!.n).to.equal(before);
    });
  });
}
