import { InvalidArgumentError, type ViewType } from '@mlops/plugin-api';

const viewTypes: readonly ViewType[] = ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'];

/**
 * The view type of a search, `ACTIVE_ONLY` when absent.
 * @throws InvalidArgumentError naming `viewType`.
 */
export function validateViewType(value: unknown): ViewType {
  if (value === undefined) return 'ACTIVE_ONLY';
  if (typeof value !== 'string' || !viewTypes.includes(value as ViewType)) {
    throw new InvalidArgumentError(
      `viewType ${JSON.stringify(value)} is not one of ${viewTypes.join(', ')}`,
      {
        field: 'viewType',
      },
    );
  }
  return value as ViewType;
}
