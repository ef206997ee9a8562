import type { CallContext, TransitionRecord } from '@mlops/plugin-api';
import type { Knex } from 'knex';
import { tables } from '../tables.js';

/** One history entry to write, in the transaction of the change it describes. */
export interface HistoryEntry {
  readonly modelId: string;
  readonly kind: TransitionRecord['kind'];
  readonly version: number | null;
  readonly alias?: string;
  readonly from: string;
  readonly to: string;
  readonly reason?: string;
  readonly at: number;
}

/** Writes history entries, attributed to the caller's principal. */
export async function recordHistory(
  trx: Knex,
  call: CallContext,
  entries: readonly HistoryEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await trx(tables.history).insert(
    entries.map((e) => ({
      model_id: e.modelId,
      kind: e.kind,
      version: e.version,
      alias: e.alias ?? null,
      from_value: e.from,
      to_value: e.to,
      reason: e.reason ?? null,
      principal: call.principal.id,
      at: e.at,
    })),
  );
}
