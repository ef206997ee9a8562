import type { Auth, CallContext, ReadScope } from '@mlops/plugin-api';

/**
 * The studies the caller may read: all without an Auth provider or for the system principal;
 * otherwise what Auth says, and none when asking fails (fail closed).
 */
export async function readableStudies(
  auth: (() => Auth | undefined) | undefined,
  call: CallContext,
): Promise<ReadScope> {
  const provider = auth?.();
  if (provider === undefined || call.principal.kind === 'system') return { kind: 'all' };
  try {
    return await provider.readableScope(call.principal, 'study');
  } catch {
    return { kind: 'only', ids: [] };
  }
}
