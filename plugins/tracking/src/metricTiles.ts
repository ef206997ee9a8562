/**
 * Tiles summarise a metric's history for downsampling: the points of one (run, key) are grouped
 * by `floor(step / 2^shift)`, and each tile keeps its lowest and highest point. They are kept up
 * to date in the batch's transaction, so a downsampled read of 1,000,000 points reads about
 * 1,000,000 / {@link pointsPerTile} tiles instead of every point.
 */

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

/** Folds one point into the tiles of a batch (NaN points are not folded: they have no order). */
export function foldIntoTiles(
  tiles: Map<string, Tile>,
  keyId: number,
  shift: number,
  step: number,
  ts: number,
  value: number,
): void {
  const tile = tileOf(step, shift);
  const id = `${keyId}:${tile}`;
  const t = tiles.get(id);
  if (t === undefined) {
    tiles.set(id, {
      keyId,
      tile,
      loStep: step,
      loTs: ts,
      loValue: value,
      hiStep: step,
      hiTs: ts,
      hiValue: value,
    });
    return;
  }
  if (value < t.loValue) {
    t.loStep = step;
    t.loTs = ts;
    t.loValue = value;
  }
  if (value > t.hiValue) {
    t.hiStep = step;
    t.hiTs = ts;
    t.hiValue = value;
  }
}
