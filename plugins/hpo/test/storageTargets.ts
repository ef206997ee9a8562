import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database } from '@mlops/plugin-api';
import { createTestKernel, type TestKernel } from '@mlops/plugin-api/testing';
import { storeSqlPlugin } from '@mlops/plugin-store-sql';
import { sharedPostgres } from '@mlops/test-servers';
import { migrations } from '../src/storage/migrations/index.js';
import { SqlStudyStorage } from '../src/storage/SqlStudyStorage.js';
import { InMemoryStudyStorage } from '../src/study/InMemoryStudyStorage.js';
import type { StudyStorage } from '../src/study/StudyStorage.js';

/** Where a storage suite runs. */
export type StorageKind = 'memory' | 'sqlite' | 'postgres';

/** store-sql options of a database. */
export interface StoreOptions {
  readonly url: string;
  readonly schema?: string;
}

/** Makes fresh storages of one kind (an SQLite file or a PostgreSQL schema each) and cleans them up. */
export class StorageTarget {
  private dir = '';
  private pgUrl = '';
  private readonly kernels: TestKernel[] = [];

  constructor(readonly kind: StorageKind) {}

  get title(): string {
    return {
      memory: 'InMemoryStudyStorage',
      sqlite: 'SqlStudyStorage on SQLite',
      postgres: 'SqlStudyStorage on PostgreSQL',
    }[this.kind];
  }

  async prepare(): Promise<void> {
    this.dir = await mkdtemp(join(tmpdir(), 'hpo-storage-'));
    if (this.kind === 'postgres') this.pgUrl = (await sharedPostgres()).url;
  }

  /** store-sql options of a fresh database. */
  freshStore(): StoreOptions {
    const id = randomBytes(6).toString('hex');
    return this.kind === 'postgres'
      ? { url: this.pgUrl, schema: `hpo_${id}` }
      : { url: `sqlite:${join(this.dir, `${id}.db`)}` };
  }

  /** A fresh, empty storage on the clock `now`; on `store` when given (SQL kinds only). */
  async storage(now: () => number = Date.now, store?: StoreOptions): Promise<StudyStorage> {
    if (this.kind === 'memory') return new InMemoryStudyStorage(now);
    const kernel = await createTestKernel({ plugins: [storeSqlPlugin(store ?? this.freshStore())] });
    this.kernels.push(kernel);
    return new SqlStudyStorage(await kernel.get(Database).forPlugin('@mlops/plugin-hpo', migrations), now);
  }

  async cleanup(): Promise<void> {
    for (const kernel of this.kernels.splice(0)) await kernel.stop();
    if (this.dir !== '') await rm(this.dir, { recursive: true, force: true });
  }
}

/** Runs `body` on each storage kind, in a describe block named after it. */
export function describeOnStorages(
  title: string,
  body: (target: StorageTarget) => void,
  kinds: readonly StorageKind[] = ['memory', 'sqlite', 'postgres'],
): void {
  for (const kind of kinds) {
    const target = new StorageTarget(kind);
    describe(`${title}: ${target.title}`, function () {
      this.timeout(30_000);
      before(async function () {
        this.timeout(600_000); // a fresh machine installs PostgreSQL first
        await target.prepare();
      });
      after(() => target.cleanup());
      body(target);
    });
  }
}

/** The error `promise` rejects with; fails when it resolves. */
export async function rejection(
  promise: Promise<unknown>,
): Promise<Error & { details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}
