import type { MiddlewareHandler } from 'hono';

const EXTENSION_ORIGIN = /^(chrome|moz)-extension:\/\/[a-z0-9-]+$/i;

export interface CorsOptions {
  /** Web origins allowed besides the extension origins (chrome-extension://, moz-extension://). */
  origins: ReadonlySet<string>;
  allowHeaders: readonly string[];
  allowMethods: readonly string[];
  exposeHeaders: readonly string[];
  maxAgeSeconds: number;
}

/**
 * CORS for extension origins and configured ones. Every header is set before the handler runs: Hono's own `cors`
 * appends `Vary` to the finished response, which makes @hono/node-server rebuild it as a web Response and stream
 * its body back out, a copy and a stream per request that cost the pull path a third of its time.
 */
export function corsForExtensions(options: CorsOptions): MiddlewareHandler {
  const allowed = (origin: string) => EXTENSION_ORIGIN.test(origin) || options.origins.has(origin);
  return async (c, next) => {
    const origin = c.req.header('origin');
    c.header('Vary', 'Origin');
    if (origin && allowed(origin)) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Expose-Headers', options.exposeHeaders.join(','));
    }
    if (c.req.method !== 'OPTIONS') return next();
    if (origin && allowed(origin)) {
      c.header('Access-Control-Allow-Methods', options.allowMethods.join(','));
      c.header('Access-Control-Allow-Headers', options.allowHeaders.join(','));
      c.header('Access-Control-Max-Age', String(options.maxAgeSeconds));
    }
    return c.body(null, 204);
  };
}
