import { FailedPreconditionError } from '@mlops/plugin-api';
import type { VersionRow } from '../rows.js';

/**
 * Refuses to move a version whose registration is not READY (pending or failed), as MLflow's
 * latest-version rules ignore such versions.
 * @throws FailedPreconditionError naming `status`.
 */
export function checkReady(row: VersionRow, what: string): void {
  if (row.status !== 'READY') {
    throw new FailedPreconditionError(
      `model version ${row.model_name}/${row.version} is ${row.status}; only a READY version ${what}`,
      { field: 'status' },
    );
  }
}
