import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { tables } from '../tables.js';

/** A new registered model's row values. */
export interface ModelInsert {
  readonly name: string;
  readonly description: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly userId: string;
  readonly now: number;
}

/**
 * Inserts a registered model and its tags unless one with that name exists; returns its id, and
 * whether this call created it. Safe against a concurrent insert of the same name (the database's
 * unique index decides, and the loser sees the winner's row).
 */
export async function insertModel(trx: Knex, model: ModelInsert): Promise<{ id: string; created: boolean }> {
  const id = randomUUID();
  await trx(tables.models)
    .insert({
      id,
      name: model.name,
      description: model.description,
      user_id: model.userId,
      creation_time: model.now,
      last_updated_time: model.now,
      deleted_time: null,
      next_version: 1,
    })
    .onConflict('name')
    .ignore();
  const row = (await trx(tables.models).where({ name: model.name }).first('id')) as { id: string };
  const created = row.id === id;
  const tagRows = Object.entries(model.tags).map(([key, value]) => ({ model_id: id, key, value }));
  if (created && tagRows.length > 0) await trx(tables.modelTags).insert(tagRows);
  return { id: row.id, created };
}
