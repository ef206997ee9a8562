import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { CallContext } from '@mlops/plugin-api';

/** The call context of a CLI command: the OS user, acting in the default tenant. */
export function commandCall(): CallContext {
  return {
    principal: { id: userInfo().username, kind: 'user', roles: [] },
    tenant: 'default',
    requestId: randomUUID(),
  };
}
