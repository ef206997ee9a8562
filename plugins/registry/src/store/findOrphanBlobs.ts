import type { BlobStore } from '@mlops/plugin-api';
import type { Knex } from 'knex';
import { tables } from '../tables.js';
import { listBlobKeys } from './listBlobKeys.js';

/**
 * Registry-owned objects whose model or version no longer exists: left behind when a purge was
 * interrupted between its commit and the deletion of the objects. Keys are
 * `<blobPrefix><modelId>/<version>/...`; anything else under the prefix belongs to no version and
 * is an orphan too.
 */
export async function findOrphanBlobs(db: Knex, blobs: BlobStore, blobPrefix: string): Promise<string[]> {
  const keys = await listBlobKeys(blobs, blobPrefix);
  const owners = new Map<string, string[]>();
  for (const key of keys) {
    const [modelId, version] = key.slice(blobPrefix.length).split('/');
    const owner = /^\d+$/.test(version ?? '') ? `${modelId}/${version}` : '';
    owners.set(owner, [...(owners.get(owner) ?? []), key]);
  }
  const orphans = owners.get('') ?? [];
  owners.delete('');
  const pairs = [...owners.keys()].map((owner) => {
    const [modelId, version] = owner.split('/');
    return [modelId!, Number(version)] as const;
  });
  for (let at = 0; at < pairs.length; at += 400) {
    const chunk = pairs.slice(at, at + 400);
    const found = (await db(tables.versions)
      .whereIn(
        ['model_id', 'version'],
        chunk.map(([m, v]) => [m, v]),
      )
      .select('model_id', 'version')) as { model_id: string; version: number }[];
    const existing = new Set(found.map((r) => `${r.model_id}/${r.version}`));
    for (const [modelId, version] of chunk) {
      if (!existing.has(`${modelId}/${version}`))
        orphans.push(...(owners.get(`${modelId}/${version}`) ?? []));
    }
  }
  return orphans.sort();
}
