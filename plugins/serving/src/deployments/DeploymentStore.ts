import {
  AlreadyExistsError,
  applyReadScope,
  ConflictError,
  type DeploymentRevision,
  isUniqueViolation,
  NotFoundError,
  type ReadScope,
} from '@mlops/plugin-api';
import type { Knex } from 'knex';

interface RevisionRow {
  deployment: string;
  revision: number;
  model: string;
  alias: string | null;
  version: number;
  environment: string;
  backend: string;
  backend_options: string;
  reason: string;
  artifact_sha256: string | null;
  created_by: string;
  created_at: number | string;
}

/** A revision to record; the store numbers it. */
export type NewRevision = Omit<DeploymentRevision, 'revision'>;

function toRevision(row: RevisionRow): DeploymentRevision {
  return {
    deployment: row.deployment,
    revision: Number(row.revision),
    model: row.model,
    ...(row.alias === null ? {} : { alias: row.alias }),
    version: Number(row.version),
    environment: row.environment,
    backend: row.backend,
    backendOptions: JSON.parse(row.backend_options) as Record<string, unknown>,
    reason: row.reason,
    ...(row.artifact_sha256 === null ? {} : { artifactSha256: row.artifact_sha256 }),
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
  };
}

function toRow(revision: DeploymentRevision): RevisionRow {
  return {
    deployment: revision.deployment,
    revision: revision.revision,
    model: revision.model,
    alias: revision.alias ?? null,
    version: revision.version,
    environment: revision.environment,
    backend: revision.backend,
    backend_options: JSON.stringify(revision.backendOptions),
    reason: revision.reason,
    artifact_sha256: revision.artifactSha256 ?? null,
    created_by: revision.createdBy,
    created_at: revision.createdAt,
  };
}

/** Deployments and revisions in the Database port; each write is one transaction. */
export class DeploymentStore {
  constructor(private readonly db: Knex) {}

  /** Records a new deployment with `first` as revision 1. @throws AlreadyExistsError */
  async create(first: NewRevision): Promise<DeploymentRevision> {
    const revision: DeploymentRevision = { ...first, revision: 1 };
    try {
      await this.db.transaction(async (trx) => {
        await trx('serving_deployments').insert({
          name: first.deployment,
          current_revision: 1,
          created_at: first.createdAt,
          updated_at: first.createdAt,
        });
        await trx('serving_revisions').insert(toRow(revision));
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new AlreadyExistsError(`deployment "${first.deployment}" already exists`, { field: 'name' });
      }
      throw err;
    }
    return revision;
  }

  /**
   * Records `next` as the revision after `expectedCurrent` and makes it current.
   * @throws NotFoundError; ConflictError when another writer moved the deployment meanwhile.
   */
  async append(next: NewRevision, expectedCurrent: number): Promise<DeploymentRevision> {
    const revision: DeploymentRevision = { ...next, revision: expectedCurrent + 1 };
    await this.db.transaction(async (trx) => {
      const updated = await trx('serving_deployments')
        .where({ name: next.deployment, current_revision: expectedCurrent })
        .update({ current_revision: revision.revision, updated_at: next.createdAt });
      if (updated === 0) {
        const exists = await trx('serving_deployments').where({ name: next.deployment }).first();
        if (exists === undefined) throw missing(next.deployment);
        throw new ConflictError(
          `deployment "${next.deployment}" changed meanwhile: it is at revision ${exists.current_revision}, not ${expectedCurrent}`,
        );
      }
      await trx('serving_revisions').insert(toRow(revision));
    });
    return revision;
  }

  /** The current revision of every deployment (only those of `readable` when given), by name. */
  async currentAll(readable: ReadScope = { kind: 'all' }): Promise<DeploymentRevision[]> {
    const query = this.db('serving_revisions as r')
      .join('serving_deployments as d', function () {
        this.on('d.name', '=', 'r.deployment').andOn('d.current_revision', '=', 'r.revision');
      })
      .select('r.*')
      .orderBy('r.deployment');
    applyReadScope(query, 'd.name', readable);
    return ((await query) as RevisionRow[]).map(toRevision);
  }

  /** @throws NotFoundError */
  async current(name: string): Promise<DeploymentRevision> {
    const row = (await this.db('serving_revisions as r')
      .join('serving_deployments as d', function () {
        this.on('d.name', '=', 'r.deployment').andOn('d.current_revision', '=', 'r.revision');
      })
      .where('d.name', name)
      .first('r.*')) as RevisionRow | undefined;
    if (row === undefined) throw missing(name);
    return toRevision(row);
  }

  /** Oldest first. @throws NotFoundError for an unknown deployment. */
  async revisions(name: string): Promise<DeploymentRevision[]> {
    const rows = (await this.db('serving_revisions')
      .where({ deployment: name })
      .orderBy('revision')) as RevisionRow[];
    if (rows.length === 0) throw missing(name);
    return rows.map(toRevision);
  }

  /** True when some deployment of `environment` ever served this model version. */
  async servedIn(model: string, version: number, environment: string): Promise<boolean> {
    const row = await this.db('serving_revisions').where({ model, version, environment }).first('revision');
    return row !== undefined;
  }

  /** Removes the deployment and its revisions. @throws NotFoundError */
  async delete(name: string): Promise<void> {
    await this.db.transaction(async (trx) => {
      await trx('serving_revisions').where({ deployment: name }).delete();
      const removed = await trx('serving_deployments').where({ name }).delete();
      if (removed === 0) throw missing(name);
    });
  }
}

function missing(name: string): NotFoundError {
  return new NotFoundError(`deployment "${name}" does not exist`, { field: 'name' });
}
