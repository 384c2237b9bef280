import type { Plugin } from 'vite';

/**
 * Drops zod's `new Function("")` probe from the extension's bundles. The extension runs zod `jitless`
 * (utils/zod-jitless.ts), so the probe never runs there; but the code stays, and `web-ext lint` reports it as
 * DANGEROUS_EVAL ("The Function constructor is eval"), a warning a store review asks about. Without the probe zod
 * answers "no eval" as under `jitless`. If zod's code changes shape, the build stops here instead of shipping it.
 */
const PROBE = /try\s*\{\s*const F = Function;\s*new F\(""\);\s*return true;\s*\}/;

export function zodWithoutEval(): Plugin {
  return {
    name: 'hallway:zod-without-eval',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]zod[\\/]v4[\\/]core[\\/]util\.js$/.test(id)) return;
      if (!PROBE.test(code))
        this.error(`zod's eval probe in ${id} changed shape: update scripts/vite-zod-without-eval.ts`);
      return { code: code.replace(PROBE, 'try { return false; }'), map: null };
    },
  };
}
