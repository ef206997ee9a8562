import { type CallContext, InvalidArgumentError, isMlopsError, NotFoundError } from '@mlops/plugin-api';
import type { Knex } from 'knex';
import type { DetectorInfo, DetectorUpdate } from '../DriftService.js';
import type { DetectorKind } from '../detectors/ConceptDriftDetector.js';
import { createDetector, type DetectorParamsByKind, detectorKinds } from '../detectors/createDetector.js';
import { restoreDetector } from '../detectors/restoreDetector.js';
import { validateDetectorName, validateModelName } from './validateNames.js';

interface DetectorRow {
  model: string;
  name: string;
  kind: string;
  snapshot: string;
  values_seen: number | string;
  detections: number | string;
  updated_at: number | string;
}

function toInfo(row: DetectorRow): DetectorInfo {
  return {
    model: row.model,
    name: row.name,
    kind: row.kind as DetectorKind,
    valuesSeen: Number(row.values_seen),
    detections: Number(row.detections),
    updatedAt: Number(row.updated_at),
    snapshot: JSON.parse(row.snapshot),
  };
}

/** Puts a detector's InvalidArgumentError in the request's terms: `delta ...` becomes `params.delta ...`. */
function restated(err: unknown, message: (m: string) => string, field: (f: string) => string): unknown {
  if (!isMlopsError(err, 'InvalidArgument')) return err;
  return new InvalidArgumentError(message(err.message), {
    ...err.details,
    field: field(err.details.field ?? ''),
  });
}

/**
 * The `drift_detectors` table: each detector's serialised state, moved on one transaction per
 * batch of values, so a restart continues exactly where the last committed update left it.
 */
export class DetectorTable {
  constructor(
    private readonly db: Knex,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {}

  async create(
    model: string,
    name: string,
    spec: { readonly kind: DetectorKind; readonly params?: Record<string, unknown> },
    _call: CallContext,
  ): Promise<DetectorInfo> {
    validateModelName(model);
    validateDetectorName(name);
    if (!detectorKinds.includes(spec.kind)) {
      throw new InvalidArgumentError(
        `kind must be one of ${detectorKinds.join(', ')}, got ${JSON.stringify(spec.kind)}`,
        {
          field: 'kind',
          reason: 'out_of_range',
        },
      );
    }
    let snapshot: string;
    try {
      snapshot = JSON.stringify(
        createDetector(spec.kind, (spec.params ?? {}) as DetectorParamsByKind[DetectorKind]),
      );
    } catch (err) {
      throw restated(
        err,
        (m) => `params.${m}`,
        (f) => `params.${f}`,
      );
    }
    const row: DetectorRow = {
      model,
      name,
      kind: spec.kind,
      snapshot,
      values_seen: 0,
      detections: 0,
      updated_at: Date.now(),
    };
    await this.db('drift_detectors').insert(row).onConflict(['model', 'name']).merge();
    return toInfo(row);
  }

  async get(model: string, name: string, _call: CallContext): Promise<DetectorInfo> {
    return toInfo(await this.row(this.db, model, name));
  }

  async update(
    model: string,
    name: string,
    values: readonly number[],
    _call: CallContext,
  ): Promise<DetectorUpdate> {
    if (!Array.isArray(values)) {
      throw new InvalidArgumentError('values must be an array of numbers', {
        field: 'values',
        reason: 'invalid_type',
      });
    }
    return this.db.transaction(async (trx) => {
      const row = await this.row(trx, model, name, true);
      const detector = restoreDetector(JSON.parse(row.snapshot));
      const seen = Number(row.values_seen);
      const driftAt: number[] = [];
      values.forEach((x, i) => {
        try {
          if (detector.update(x).driftDetected) driftAt.push(seen + i);
        } catch (err) {
          throw restated(
            err,
            (m) => `values[${i}]: ${m}`,
            () => `values[${i}]`,
          );
        }
      });
      const next: DetectorRow = {
        ...row,
        snapshot: JSON.stringify(detector),
        values_seen: seen + values.length,
        detections: Number(row.detections) + driftAt.length,
        updated_at: Date.now(),
      };
      await trx('drift_detectors').where({ model, name }).update({
        snapshot: next.snapshot,
        values_seen: next.values_seen,
        detections: next.detections,
        updated_at: next.updated_at,
      });
      return { detector: toInfo(next), driftAt, warningDetected: detector.warningDetected };
    });
  }

  private async row(db: Knex, model: string, name: string, lock = false): Promise<DetectorRow> {
    validateModelName(model);
    validateDetectorName(name);
    const query = db<DetectorRow>('drift_detectors').where({ model, name }).first();
    // SQLite serialises write transactions by itself and warns on FOR UPDATE.
    const row = await (lock && this.dialect === 'postgres' ? query.forUpdate() : query);
    if (!row) {
      throw new NotFoundError(`model "${model}" has no drift detector "${name}"`, {
        field: 'name',
        reason: 'not_found',
      });
    }
    return row as DetectorRow;
  }
}
