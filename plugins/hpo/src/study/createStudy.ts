import { randomUUID } from 'node:crypto';
import { InvalidArgumentError, NotFoundError } from '@mlops/plugin-api';
import { NopPruner } from '../pruners/NopPruner.js';
import type { Pruner } from '../pruners/Pruner.js';
import { NSGAIISampler } from '../samplers/nsga2/NSGAIISampler.js';
import type { Sampler } from '../samplers/Sampler.js';
import { TPESampler } from '../samplers/tpe/TPESampler.js';
import { InMemoryStudyStorage } from './InMemoryStudyStorage.js';
import { prunerFromConfig, samplerFromConfig } from './restoreFromConfig.js';
import { Study } from './Study.js';
import type { StudyDirection, StudyRecord, StudyStorage } from './StudyStorage.js';

/** Options of `createStudy`. */
export interface CreateStudyOptions {
  /** A unique name; `no-name-<uuid>` by default. */
  name?: string;
  /** The direction of a single objective. 'minimize' by default. */
  direction?: StudyDirection;
  /** One direction per objective, for a multi-objective study (instead of `direction`). */
  directions?: readonly StudyDirection[];
  /** TPE by default (NSGA-II with several objectives), seeded with `seed`. */
  sampler?: Sampler;
  /** NopPruner by default. */
  pruner?: Pruner;
  /** Seeds the default sampler: seeded studies reproduce exactly. */
  seed?: number;
  /** In memory by default. */
  storage?: StudyStorage;
  /** Load the study when the name is taken, instead of failing (Optuna's `load_if_exists`). */
  loadIfExists?: boolean;
  /** Send a heartbeat for each running trial this often (leases off when unset). */
  heartbeatIntervalMs?: number;
  /** A RUNNING trial with no heartbeat for this long becomes STALE. 2 × heartbeatIntervalMs by default. */
  staleAfterMs?: number;
  /** Re-run the parameters of a trial that went STALE in a new trial. true. */
  retryStale?: boolean;
  /** Free-form attributes stored with a new study. */
  userAttrs?: Record<string, unknown>;
}

/**
 * Creates a study (or loads it, with `loadIfExists`), as Optuna's `create_study`. A loaded study
 * replays its finished trials into the sampler and pruner a page at a time, so a seeded study
 * continues the sequence it would have followed without the interruption.
 *
 * @throws InvalidArgumentError on bad directions or lease options; AlreadyExistsError when the
 *   name is taken and `loadIfExists` is not set.
 * @example
 * const study = await createStudy({ direction: 'minimize', seed: 42 });
 * await study.optimize((trial) => (trial.suggestFloat('x', -10, 10) - 2) ** 2, { nTrials: 50 });
 * study.bestParams; // { x: 2.0... }
 */
export async function createStudy(options: CreateStudyOptions = {}): Promise<Study> {
  const directions = resolveDirections(options);
  const storage = options.storage ?? new InMemoryStudyStorage();
  const name = options.name ?? `no-name-${randomUUID()}`;
  if (options.loadIfExists) {
    const existing = await storage.findStudy(name);
    if (existing) return openStudy(existing, storage, options);
  }
  const sampler = options.sampler ?? defaultSampler(directions, options.seed);
  const pruner = options.pruner ?? new NopPruner();
  const lease = leaseOptions(options);
  const record = await storage.createStudy({
    name,
    directions,
    config: {
      sampler: { name: sampler.name, options: sampler.options },
      pruner: { name: pruner.name, options: pruner.options },
      seed: options.seed ?? null,
      heartbeatIntervalMs: lease.heartbeatIntervalMs ?? null,
      staleAfterMs: lease.staleAfterMs ?? null,
      retryStale: lease.retryStale,
    },
    userAttrs: options.userAttrs ?? {},
  });
  return new Study(record, storage, sampler, pruner, lease);
}

/**
 * Opens a stored study by name or id, as Optuna's `load_study`. Without a sampler or pruner, the
 * ones recorded in the study's config are rebuilt (a custom gamma or weights function is not
 * stored: pass the sampler again to keep it).
 *
 * @throws NotFoundError when no study has that name or id.
 */
export async function loadStudy(
  options: Pick<
    CreateStudyOptions,
    'sampler' | 'pruner' | 'heartbeatIntervalMs' | 'staleAfterMs' | 'retryStale'
  > & {
    name: string;
    storage: StudyStorage;
  },
): Promise<Study> {
  const record = await options.storage.findStudy(options.name);
  if (!record) throw new NotFoundError(`study "${options.name}" does not exist`, { field: 'name' });
  return openStudy(record, options.storage, options);
}

async function openStudy(
  record: StudyRecord,
  storage: StudyStorage,
  options: Pick<
    CreateStudyOptions,
    'sampler' | 'pruner' | 'heartbeatIntervalMs' | 'staleAfterMs' | 'retryStale'
  >,
): Promise<Study> {
  const config = record.config;
  const sampler = options.sampler ?? samplerFromConfig(config.sampler, record.directions, config.seed);
  const pruner = options.pruner ?? prunerFromConfig(config.pruner);
  const stored = {
    heartbeatIntervalMs:
      typeof config.heartbeatIntervalMs === 'number' ? config.heartbeatIntervalMs : undefined,
    staleAfterMs: typeof config.staleAfterMs === 'number' ? config.staleAfterMs : undefined,
    retryStale: typeof config.retryStale === 'boolean' ? config.retryStale : undefined,
  };
  const study = new Study(
    record,
    storage,
    sampler,
    pruner,
    leaseOptions({
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? stored.heartbeatIntervalMs,
      staleAfterMs: options.staleAfterMs ?? stored.staleAfterMs,
      retryStale: options.retryStale ?? stored.retryStale,
    }),
  );
  await study.refresh();
  return study;
}

function defaultSampler(directions: readonly StudyDirection[], seed: number | undefined): Sampler {
  const seeded = seed === undefined ? {} : { seed };
  return directions.length > 1 ? new NSGAIISampler(seeded) : new TPESampler(seeded);
}

function resolveDirections(options: CreateStudyOptions): StudyDirection[] {
  if (options.direction !== undefined && options.directions !== undefined) {
    throw new InvalidArgumentError('give direction or directions, not both', { field: 'directions' });
  }
  const directions = options.directions ?? [options.direction ?? 'minimize'];
  if (!Array.isArray(directions) || directions.length === 0) {
    throw new InvalidArgumentError('directions must be a non-empty array', { field: 'directions' });
  }
  for (const d of directions) {
    if (d !== 'minimize' && d !== 'maximize') {
      throw new InvalidArgumentError(`direction must be 'minimize' or 'maximize', got ${JSON.stringify(d)}`, {
        field: options.directions ? 'directions' : 'direction',
      });
    }
  }
  return [...directions];
}

function leaseOptions(
  options: Pick<CreateStudyOptions, 'heartbeatIntervalMs' | 'staleAfterMs' | 'retryStale'>,
) {
  const { heartbeatIntervalMs } = options;
  if (heartbeatIntervalMs !== undefined && !(heartbeatIntervalMs > 0)) {
    throw new InvalidArgumentError(`heartbeatIntervalMs must be positive, got ${heartbeatIntervalMs}`, {
      field: 'heartbeatIntervalMs',
    });
  }
  const staleAfterMs =
    options.staleAfterMs ?? (heartbeatIntervalMs === undefined ? undefined : 2 * heartbeatIntervalMs);
  if (staleAfterMs !== undefined && !(staleAfterMs > 0)) {
    throw new InvalidArgumentError(`staleAfterMs must be positive, got ${staleAfterMs}`, {
      field: 'staleAfterMs',
    });
  }
  if (
    staleAfterMs !== undefined &&
    heartbeatIntervalMs !== undefined &&
    staleAfterMs <= heartbeatIntervalMs
  ) {
    throw new InvalidArgumentError(
      `staleAfterMs (${staleAfterMs}) must be longer than heartbeatIntervalMs (${heartbeatIntervalMs})`,
      { field: 'staleAfterMs' },
    );
  }
  return { heartbeatIntervalMs, staleAfterMs, retryStale: options.retryStale ?? true };
}
