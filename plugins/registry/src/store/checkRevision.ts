import { ConflictError } from '@mlops/plugin-api';
import type { VersionRow } from '../rows.js';

/**
 * Refuses a change meant for another revision of the version. Called inside the transaction, after
 * the model's row is locked, so no other write can slip between this check and the update.
 * @throws ConflictError naming `expectedRevision`.
 */
export function checkRevision(row: VersionRow, expectedRevision: number | undefined): void {
  if (expectedRevision !== undefined && row.revision !== expectedRevision) {
    throw new ConflictError(
      `model version ${row.model_name}/${row.version} is at revision ${row.revision}, not ${expectedRevision}`,
      { field: 'expectedRevision', revision: row.revision },
    );
  }
}
