/**
 * Headers on every answer. The CSP allows only this server's own scripts, styles and fetches:
 * enough for the docs page (no inline code, no CDN) and nothing for injected markup.
 * `Cache-Control: no-store` keeps API answers out of shared caches; a handler may override it.
 */
export const securityHeaders: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};
