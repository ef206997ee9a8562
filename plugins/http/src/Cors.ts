import type { Context } from 'koa';
import type { CorsOptions } from './options.js';

const exposed = 'X-Request-Id, Retry-After, ETag, Location';
const defaultAllowedHeaders = 'Content-Type, Authorization, X-Request-Id';

/** CORS for the configured origins; requests from other origins get no CORS headers at all. */
export class Cors {
  private readonly anyOrigin: boolean;
  private readonly origins: ReadonlySet<string>;

  constructor(private readonly options: CorsOptions) {
    this.anyOrigin = options.origins.includes('*');
    this.origins = new Set(options.origins);
  }

  /** Adds the CORS headers an allowed origin needs; for a preflight, the methods `allowed` on the path. */
  apply(ctx: Context, allowed: readonly string[]): void {
    const origin = ctx.get('Origin');
    ctx.vary('Origin');
    if (origin === '' || !(this.anyOrigin || this.origins.has(origin))) return;
    // With credentials a browser refuses `*`, so the origin is echoed instead.
    const wildcard = this.anyOrigin && !this.options.credentials;
    ctx.set('Access-Control-Allow-Origin', wildcard ? '*' : origin);
    if (this.options.credentials) ctx.set('Access-Control-Allow-Credentials', 'true');
    ctx.set('Access-Control-Expose-Headers', exposed);
    if (ctx.method === 'OPTIONS' && ctx.get('Access-Control-Request-Method') !== '') {
      ctx.set('Access-Control-Allow-Methods', allowed.join(', '));
      ctx.set(
        'Access-Control-Allow-Headers',
        ctx.get('Access-Control-Request-Headers') || defaultAllowedHeaders,
      );
      ctx.set('Access-Control-Max-Age', String(this.options.maxAgeSeconds));
    }
  }
}
