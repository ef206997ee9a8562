import type { RunStatus, ViewType } from '@mlops/plugin-api';

const viewTypes: readonly ViewType[] = ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'];
const runStatuses: readonly RunStatus[] = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];

/** MLflow's `ViewType`, given by name or by proto number (1, 2, 3); undefined when absent. */
export function viewTypeOf(value: unknown): ViewType | undefined {
  if (value === undefined || value === null) return undefined;
  const n = Number(value);
  return Number.isInteger(n) ? viewTypes[n - 1] : (value as ViewType);
}

/** MLflow's `RunStatus`, given by name or by proto number (1 to 5); undefined when absent. */
export function runStatusOf(value: unknown): RunStatus | undefined {
  if (value === undefined || value === null) return undefined;
  const n = Number(value);
  return Number.isInteger(n) ? runStatuses[n - 1] : (value as RunStatus);
}
