import {
  type CommandSpec,
  type Deployment,
  type DeploymentRevision,
  InvalidArgumentError,
  Serving,
  systemCall,
} from '@mlops/plugin-api';

const call = (command: string) => systemCall(`cli:deployments-${command}`);

function describe(d: Deployment): string {
  const follows = d.alias === undefined ? 'pinned' : `follows @${d.alias}`;
  return `${d.deployment}\t${d.environment}\t${d.model}/${d.version} (${follows})\t${d.backend}\trevision ${d.revision}\t${d.state}`;
}

function describeRevision(r: DeploymentRevision): string {
  const at = new Date(r.createdAt).toISOString();
  return `${r.revision}\t${r.model}/${r.version}\t${r.environment}\t${r.backend}\t${at}\t${r.createdBy}\t${r.reason}`;
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

/** `mlops deployments ...`: list, show, create, revisions, rollback and delete deployments. */
export const deploymentCommands: readonly CommandSpec[] = [
  {
    name: 'deployments list',
    description: 'list deployments: name, environment, model version, backend, revision, state',
    options: [{ flags: '--environment <env>', description: 'only those of this environment' }],
    async run({ options, scope, print }) {
      const environment = options.environment as string | undefined;
      const list = await scope
        .get(Serving)
        .listDeployments(environment === undefined ? {} : { environment }, call('list'));
      for (const d of list) print(describe(d));
      if (list.length === 0) print('no deployments');
    },
  },
  {
    name: 'deployments show',
    description: 'show a deployment',
    arguments: [{ name: 'name' }],
    async run({ args, scope, print }) {
      print(describe(await scope.get(Serving).getDeployment(args[0]!, call('show'))));
    },
  },
  {
    name: 'deployments create',
    description: 'deploy a registered model, following an alias or pinned to a version',
    arguments: [{ name: 'name' }],
    options: [
      { flags: '--model <model>', description: 'registered model name' },
      { flags: '--alias <alias>', description: 'alias to follow, e.g. champion' },
      { flags: '--version <version>', description: 'version to pin' },
      { flags: '--environment <env>', description: 'environment (default: the first configured)' },
      { flags: '--backend <backend>', description: 'serving backend (default: onnx)' },
    ],
    async run({ args, options, scope, print }) {
      const version = positiveInteger(options.version, 'version');
      const d = await scope.get(Serving).createDeployment(
        {
          name: args[0]!,
          model: options.model as string,
          ...(options.alias === undefined ? {} : { alias: options.alias as string }),
          ...(version === undefined ? {} : { version }),
          ...(options.environment === undefined ? {} : { environment: options.environment as string }),
          ...(options.backend === undefined ? {} : { backend: options.backend as string }),
        },
        call('create'),
      );
      print(describe(d));
    },
  },
  {
    name: 'deployments revisions',
    description: "list a deployment's revisions, oldest first",
    arguments: [{ name: 'name' }],
    async run({ args, scope, print }) {
      for (const r of await scope.get(Serving).listRevisions(args[0]!, call('revisions')))
        print(describeRevision(r));
    },
  },
  {
    name: 'deployments rollback',
    description: 'roll a deployment back to an earlier revision (the previous one by default)',
    arguments: [{ name: 'name' }],
    options: [{ flags: '--to-revision <revision>', description: 'the revision to return to' }],
    async run({ args, options, scope, print }) {
      const toRevision = positiveInteger(options.toRevision, 'to-revision');
      const d = await scope
        .get(Serving)
        .rollback(args[0]!, toRevision === undefined ? {} : { toRevision }, call('rollback'));
      print(describe(d));
    },
  },
  {
    name: 'deployments delete',
    description: 'stop serving a deployment and forget it',
    arguments: [{ name: 'name' }],
    async run({ args, scope, print }) {
      await scope.get(Serving).deleteDeployment(args[0]!, call('delete'));
      print(`deleted ${args[0]}`);
    },
  },
];
