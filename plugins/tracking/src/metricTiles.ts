/**
 * Tiles summarise a metric's history for downsampling: the points of one (run, key) are grouped
 * by `floor(step / 2^shift)`, and each tile keeps its lowest and highest point. They are kept up
 * to date in the batch's transaction, so a downsampled read of 1,000,000 points reads about
 * 1,000,000 / {@link pointsPerTile} tiles instead of every point.
 */

import type { BatchPoints } from './batchPoints.js';

/** About how many points a tile should hold when steps are evenly spaced. */
export const pointsPerTile = 128;

/** The shift used when a key's first batch has a single point: consecutive steps are assumed. */
export const defaultTileShift = Math.log2(pointsPerTile);

/**
 * The tile width of a new (run, key), as a power of two, from the steps of its first batch:
 * about {@link pointsPerTile} points per tile at their spacing, so `log every 1000 steps` gets
 * wide tiles and `log every step` narrow ones. Chosen once; later batches keep it.
 */
export function tileShiftFor(minStep: number, maxStep: number, count: number): number {
  if (count < 2 || maxStep === minStep) return defaultTileShift;
  const width = ((maxStep - minStep) / (count - 1)) * pointsPerTile;
  return Math.min(40, Math.max(0, Math.ceil(Math.log2(width))));
}

/** A tile's extreme points. */
export interface Tile {
  readonly keyId: number;
  readonly tile: number;
  loStep: number;
  loTs: number;
  loValue: number;
  hiStep: number;
  hiTs: number;
  hiValue: number;
}

/** The tile of `step` at `shift`; floor division, so negative steps tile too. */
export function tileOf(step: number, shift: number): number {
  return Math.floor(step / 2 ** shift);
}

/**
 * The tiles a batch's points fall in, each with its lowest and highest point of the batch, for
 * an upsert that keeps the lower low and the higher high. NaN points are left out: they have no
 * order. `shifts` holds the tile width of every key of the batch.
 */
export function batchTiles(points: BatchPoints, shifts: ReadonlyMap<number, number>): Tile[] {
  const byKey = new Map<number, Map<number, Tile>>();
  const widths = new Map<number, number>();
  for (const [keyId, shift] of shifts) widths.set(keyId, 2 ** shift);
  const { keyIds, steps, timestamps, values, nans } = points;
  for (let i = 0; i < keyIds.length; i++) {
    if (nans[i]) continue;
    const keyId = keyIds[i]!;
    let tiles = byKey.get(keyId);
    if (tiles === undefined) {
      tiles = new Map();
      byKey.set(keyId, tiles);
    }
    const step = steps[i]!;
    const value = values[i]!;
    const tile = Math.floor(step / widths.get(keyId)!);
    const t = tiles.get(tile);
    if (t === undefined) {
      const ts = timestamps[i]!;
      tiles.set(tile, {
        keyId,
        tile,
        loStep: step,
        loTs: ts,
        loValue: value,
        hiStep: step,
        hiTs: ts,
        hiValue: value,
      });
      continue;
    }
    if (value < t.loValue) {
      t.loStep = step;
      t.loTs = timestamps[i]!;
      t.loValue = value;
    }
    if (value > t.hiValue) {
      t.hiStep = step;
      t.hiTs = timestamps[i]!;
      t.hiValue = value;
    }
  }
  const out: Tile[] = [];
  for (const tiles of byKey.values()) for (const t of tiles.values()) out.push(t);
  return out;
}
