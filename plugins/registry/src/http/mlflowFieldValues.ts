/** A version number as MLflow sends it (`"3"`), already checked by the route's schema. */
export function versionField(value: unknown): number {
  return Number(value);
}

/** An optional string field, with MLflow's reading of `""` as unset. */
export function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** MLflow's `[{ key, value }]` tags as a record; a later duplicate key wins, as in MLflow. */
export function tagRecord(value: unknown): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const tag of (value ?? []) as readonly { key: string; value?: string }[]) {
    tags[tag.key] = tag.value ?? '';
  }
  return tags;
}
