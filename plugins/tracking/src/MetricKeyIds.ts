import type { Knex } from 'knex';
import { inChunks } from './inChunks.js';

/**
 * Integer ids of metric keys, interned in `tracking_metric_keys`. An id never changes once
 * committed, so ids are cached for the life of the process; new keys are committed on their own,
 * before the batch that uses them, so the cache only ever holds committed ids.
 */
export class MetricKeyIds {
  private readonly ids = new Map<string, number>();

  constructor(private readonly db: Knex) {}

  /** Ids of `keys`, creating the missing ones. */
  async intern(keys: Iterable<string>): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const missing: string[] = [];
    for (const key of keys) {
      const id = this.ids.get(key);
      if (id === undefined) missing.push(key);
      else out.set(key, id);
    }
    if (missing.length > 0) {
      for (const chunk of inChunks(missing)) {
        await this.db('tracking_metric_keys')
          .insert(chunk.map((key) => ({ key })))
          .onConflict('key')
          .ignore();
      }
      for (const [key, id] of await this.lookup(missing)) {
        this.ids.set(key, id);
        out.set(key, id);
      }
    }
    return out;
  }

  /** Ids of those of `keys` that exist; an unknown key is absent from the answer. */
  async find(keys: Iterable<string>): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const missing: string[] = [];
    for (const key of keys) {
      const id = this.ids.get(key);
      if (id === undefined) missing.push(key);
      else out.set(key, id);
    }
    if (missing.length > 0) {
      for (const [key, id] of await this.lookup(missing)) {
        this.ids.set(key, id);
        out.set(key, id);
      }
    }
    return out;
  }

  /** Keys of `ids`, for reading metrics back. */
  async keysOf(ids: Iterable<number>): Promise<Map<number, string>> {
    const unique = [...new Set(ids)];
    const out = new Map<number, string>();
    for (let i = 0; i < unique.length; i += 500) {
      const rows = (await this.db('tracking_metric_keys')
        .whereIn('key_id', unique.slice(i, i + 500))
        .select('key_id', 'key')) as { key_id: number; key: string }[];
      for (const row of rows) out.set(Number(row.key_id), row.key);
    }
    return out;
  }

  private async lookup(keys: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (let i = 0; i < keys.length; i += 500) {
      const rows = (await this.db('tracking_metric_keys')
        .whereIn('key', keys.slice(i, i + 500))
        .select('key_id', 'key')) as { key_id: number; key: string }[];
      for (const row of rows) out.set(row.key, Number(row.key_id));
    }
    return out;
  }
}
