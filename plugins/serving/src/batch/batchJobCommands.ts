import {
  BatchInference,
  type BatchInputFormat,
  type BatchJob,
  type CommandSpec,
  InvalidArgumentError,
  systemCall,
} from '@mlops/plugin-api';

const call = (command: string) => systemCall(`cli:batch-jobs-${command}`);

function describe(job: BatchJob): string {
  const progress = `${job.rowsDone}/${job.rowsTotal ?? '?'} rows`;
  const why = job.statusMessage === undefined ? '' : `\t${job.statusMessage}`;
  return `${job.id}\t${job.status}\t${progress}\t${job.model}/${job.version}\t${job.inputKey} -> ${job.outputKey}${why}`;
}

function positiveInteger(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new InvalidArgumentError(`--${field} must be a positive integer, not ${JSON.stringify(value)}`, {
      field,
    });
  }
  return n;
}

/**
 * The CLI's process runs the job, so `start` and `resume` wait for it to end (a job cut short by
 * Ctrl-C stays running and resumes at the next start of a server on the same database).
 */
async function waitFor(jobs: BatchInference, job: BatchJob, print: (line: string) => void): Promise<void> {
  let current = job;
  while (current.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 100));
    current = await jobs.getBatchJob(job.deployment, job.id, call('wait'));
  }
  print(describe(current));
}

/** `mlops deployments batch-jobs ...`: start, list, show and resume batch inference jobs. */
export const batchJobCommands: readonly CommandSpec[] = [
  {
    name: 'deployments batch-jobs start',
    description: "predict every row of a CSV, JSON Lines or Parquet blob with a deployment's model",
    arguments: [{ name: 'deployment' }],
    options: [
      { flags: '--input <key>', description: 'BlobStore key of the input file' },
      { flags: '--format <format>', description: 'csv, jsonl or parquet (default: from the extension)' },
      { flags: '--output <key>', description: 'output key (default: <input>.predictions.jsonl)' },
      { flags: '--chunk-rows <n>', description: 'rows per checkpoint (default 1000)' },
      { flags: '--rows-per-request <n>', description: 'rows per prediction request (default 1)' },
    ],
    async run({ args, options, scope, print }) {
      const jobs = scope.get(BatchInference);
      const chunkRows = positiveInteger(options.chunkRows, 'chunk-rows');
      const rowsPerRequest = positiveInteger(options.rowsPerRequest, 'rows-per-request');
      const job = await jobs.startBatchJob(
        args[0]!,
        {
          inputKey: options.input as string,
          ...(options.format === undefined ? {} : { format: options.format as BatchInputFormat }),
          ...(options.output === undefined ? {} : { outputKey: options.output as string }),
          ...(chunkRows === undefined ? {} : { chunkRows }),
          ...(rowsPerRequest === undefined ? {} : { rowsPerRequest }),
        },
        call('start'),
      );
      await waitFor(jobs, job, print);
    },
  },
  {
    name: 'deployments batch-jobs list',
    description: "list a deployment's batch jobs, newest first",
    arguments: [{ name: 'deployment' }],
    async run({ args, scope, print }) {
      const list = await scope.get(BatchInference).listBatchJobs(args[0]!, call('list'));
      for (const job of list) print(describe(job));
      if (list.length === 0) print('no batch jobs');
    },
  },
  {
    name: 'deployments batch-jobs show',
    description: 'show a batch job: status, progress, model version, input and output',
    arguments: [{ name: 'deployment' }, { name: 'id' }],
    async run({ args, scope, print }) {
      print(describe(await scope.get(BatchInference).getBatchJob(args[0]!, args[1]!, call('show'))));
    },
  },
  {
    name: 'deployments batch-jobs resume',
    description: 'run a failed batch job again from its last checkpoint, and wait for it',
    arguments: [{ name: 'deployment' }, { name: 'id' }],
    async run({ args, scope, print }) {
      const jobs = scope.get(BatchInference);
      await waitFor(jobs, await jobs.resumeBatchJob(args[0]!, args[1]!, call('resume')), print);
    },
  },
];
