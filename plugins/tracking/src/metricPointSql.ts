/**
 * The SQL both dialects share to keep `tracking_latest_metrics` and `tracking_metric_tiles` in
 * step with the points: conflict clauses that merge a batch's per-key and per-tile summaries into
 * the stored ones. Valid on SQLite and PostgreSQL alike.
 */

/** MLflow's "latest" order: a point is newer when its (step, timestamp, value) is greater. */
const newer =
  '(excluded.step, excluded.ts, excluded.value) > (tracking_latest_metrics.step, tracking_latest_metrics.ts, tracking_latest_metrics.value)';
const lower = 'excluded.lo_value < tracking_metric_tiles.lo_value';
const higher = 'excluded.hi_value > tracking_metric_tiles.hi_value';

/** The columns of a `tracking_latest_metrics` row, in insert order. */
export const latestColumns = '(run_int, key_id, step, ts, value, is_nan, point_count, tile_shift)';

/**
 * Adds the batch's count to the key's and keeps the newer latest point; returns each key's tile
 * width (the first batch's choice, which later batches keep).
 */
export const upsertLatest = `
  ON CONFLICT (run_int, key_id) DO UPDATE SET
    point_count = tracking_latest_metrics.point_count + excluded.point_count,
    step = CASE WHEN ${newer} THEN excluded.step ELSE tracking_latest_metrics.step END,
    ts = CASE WHEN ${newer} THEN excluded.ts ELSE tracking_latest_metrics.ts END,
    value = CASE WHEN ${newer} THEN excluded.value ELSE tracking_latest_metrics.value END,
    is_nan = CASE WHEN ${newer} THEN excluded.is_nan ELSE tracking_latest_metrics.is_nan END
  RETURNING key_id, tile_shift`;

/** The columns of a `tracking_metric_tiles` row, in insert order. */
export const tileColumns = '(run_int, key_id, tile, lo_step, lo_ts, lo_value, hi_step, hi_ts, hi_value)';

/** Keeps the lower of the two lows and the higher of the two highs. */
export const upsertTiles = `
  ON CONFLICT (run_int, key_id, tile) DO UPDATE SET
    lo_step = CASE WHEN ${lower} THEN excluded.lo_step ELSE tracking_metric_tiles.lo_step END,
    lo_ts = CASE WHEN ${lower} THEN excluded.lo_ts ELSE tracking_metric_tiles.lo_ts END,
    lo_value = CASE WHEN ${lower} THEN excluded.lo_value ELSE tracking_metric_tiles.lo_value END,
    hi_step = CASE WHEN ${higher} THEN excluded.hi_step ELSE tracking_metric_tiles.hi_step END,
    hi_ts = CASE WHEN ${higher} THEN excluded.hi_ts ELSE tracking_metric_tiles.hi_ts END,
    hi_value = CASE WHEN ${higher} THEN excluded.hi_value ELSE tracking_metric_tiles.hi_value END`;
