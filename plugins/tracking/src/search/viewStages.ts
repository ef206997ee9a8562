import { InvalidArgumentError, type ViewType } from '@mlops/plugin-api';

/** The lifecycle stages a view type includes. @throws InvalidArgumentError naming `viewType`. */
export function viewStages(view: ViewType | undefined): string[] {
  switch (view ?? 'ACTIVE_ONLY') {
    case 'ACTIVE_ONLY':
      return ['active'];
    case 'DELETED_ONLY':
      return ['deleted'];
    case 'ALL':
      return ['active', 'deleted'];
    default:
      throw new InvalidArgumentError(
        `viewType must be ACTIVE_ONLY, DELETED_ONLY or ALL, got ${JSON.stringify(view)}`,
        { field: 'viewType', reason: 'unknown_value' },
      );
  }
}
