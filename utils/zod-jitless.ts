import { z } from 'zod';

/**
 * zod off its code generation, for the extension's pages and service worker: an extension's content security policy
 * forbids `new Function`, so zod's probe for it only fails there, and Firefox prints a CSP error for each probe.
 * Imported first by every extension entrypoint that validates, or beside the modules that bring zod in after a page's
 * first render went without it (the popup's later.ts, the hub's views); the content scripts do not bundle zod; the server
 * keeps zod's faster generated parsers. The build also drops the probe itself (scripts/vite-zod-without-eval.ts), so
 * `web-ext lint` finds no `Function` constructor.
 */
z.config({ jitless: true });
