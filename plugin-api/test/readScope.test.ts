import { expect } from 'chai';
import { type Auth, applyReadScope, type ReadScope, resolveReadScope, systemCall } from '../src/index.js';

/** A query builder that records the conditions it was given. */
function recorder() {
  const conditions: string[] = [];
  return {
    conditions,
    whereIn: (column: string, values: readonly (string | number)[]) =>
      conditions.push(`${column} IN ${JSON.stringify(values)}`),
    whereNotIn: (column: string, values: readonly (string | number)[]) =>
      conditions.push(`${column} NOT IN ${JSON.stringify(values)}`),
  };
}

const user = {
  principal: { id: 'ann', kind: 'user' as const, roles: [] },
  tenant: 'default',
  requestId: 'r',
};

function authAnswering(answer: () => Promise<ReadScope>): Auth {
  return {
    authenticate: () => Promise.reject(new Error('unused')),
    authorize: () => Promise.resolve(false),
    readableScope: answer,
  };
}

describe('read scopes', () => {
  it('lets everything through without Auth or for the system, asks Auth otherwise, and fails closed', async () => {
    expect(await resolveReadScope(undefined, user, 'study')).to.deep.equal({ kind: 'all' });
    const only: ReadScope = { kind: 'only', ids: ['s1'] };
    expect(
      await resolveReadScope(
        authAnswering(async () => only),
        systemCall(),
        'study',
      ),
    ).to.deep.equal({
      kind: 'all',
    });
    expect(
      await resolveReadScope(
        authAnswering(async () => only),
        user,
        'study',
      ),
    ).to.equal(only);
    const broken = authAnswering(() => Promise.reject(new Error('permission store down')));
    expect(await resolveReadScope(broken, user, 'study')).to.deep.equal({ kind: 'only', ids: [] });
  });

  it('turns a scope into IN / NOT IN conditions, mapping ids and dropping those that name no row', () => {
    const numeric = (id: string) => (/^\d+$/.test(id) ? Number(id) : undefined);
    const q = recorder();
    applyReadScope(q, 'e.id', { kind: 'all' });
    applyReadScope(q, 'e.id', { kind: 'only', ids: ['1', 'x', '7'] }, numeric);
    applyReadScope(q, 'e.id', { kind: 'only', ids: [] });
    applyReadScope(q, 'm.name', { kind: 'except', ids: ['a', 'b'] });
    applyReadScope(q, 'm.name', { kind: 'except', ids: [] });
    expect(q.conditions).to.deep.equal(['e.id IN [1,7]', 'e.id IN []', 'm.name NOT IN ["a","b"]']);
  });
});
