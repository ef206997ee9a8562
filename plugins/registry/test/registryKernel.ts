import { randomBytes } from 'node:crypto';
import { type CallContext, type PluginInstance, type PluginOptionsInput, Registry } from '@mlops/plugin-api';
import { createTestKernel, type TestKernel } from '@mlops/plugin-api/testing';
import { storeSqlPlugin } from '@mlops/plugin-store-sql';
import { sharedPostgres } from '@mlops/test-servers';
import { type RegistryOptions, registryPlugin } from '../src/index.js';

/** A database the suites run on: SQLite in memory, or a fresh schema of the shared PostgreSQL server. */
export interface Backend {
  readonly name: 'SQLite' | 'PostgreSQL';
  /** store-sql options for a new, empty database. */
  storeOptions(): Promise<{ url: string; schema?: string }>;
}

/** The two backends every suite runs on. */
export const backends: readonly Backend[] = [
  { name: 'SQLite', storeOptions: async () => ({ url: 'sqlite::memory:' }) },
  {
    name: 'PostgreSQL',
    storeOptions: async () => ({
      url: (await sharedPostgres()).url,
      schema: `registry_${randomBytes(5).toString('hex')}`,
    }),
  },
];

/** Defines `body`'s tests once per backend, as `<title> on SQLite` and `<title> on PostgreSQL`. */
export function describeOnBackends(title: string, body: (backend: Backend) => void): void {
  for (const backend of backends) {
    describe(`${title} on ${backend.name}`, () => {
      if (backend.name === 'PostgreSQL') {
        before(async function () {
          this.timeout(600_000); // a fresh machine installs PostgreSQL first
          await sharedPostgres();
        });
      }
      body(backend);
    });
  }
}

/** A started kernel with store-sql, the registry and `plugins`, and the registry port. */
export interface RegistryKernel {
  readonly kernel: TestKernel;
  readonly registry: Registry;
}

/** Starts store-sql (on a new database of `backend`), `before` plugins, the registry, then `after` plugins. */
export async function startRegistry(
  backend: Backend,
  setup: {
    readonly options?: PluginOptionsInput<RegistryOptions>;
    readonly before?: readonly PluginInstance[];
    readonly after?: readonly PluginInstance[];
  } = {},
): Promise<RegistryKernel> {
  const kernel = await createTestKernel({
    plugins: [
      storeSqlPlugin(await backend.storeOptions()),
      ...(setup.before ?? []),
      registryPlugin(setup.options ?? {}),
      ...(setup.after ?? []),
    ],
  });
  return { kernel, registry: kernel.get(Registry) };
}

/** A user's call context, so history and `userId` show who acted. */
export function userCall(id: string): CallContext {
  return { principal: { id, kind: 'user', roles: [] }, tenant: 'default', requestId: `test-${id}` };
}
