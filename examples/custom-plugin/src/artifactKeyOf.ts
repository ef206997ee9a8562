/** The scheme of model sources whose files are in the BlobStore: `blob:<key>`. */
export const blobSourceScheme = 'blob:';

/**
 * The BlobStore key a model version's `source` points to: `blob:models/churn/1` is the key
 * `models/churn/1`. Undefined for any other scheme (`runs:/…`, `s3://…`), which the guard leaves alone.
 */
export function artifactKeyOf(source: string): string | undefined {
  return source.startsWith(blobSourceScheme) ? source.slice(blobSourceScheme.length) : undefined;
}
