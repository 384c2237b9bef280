import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Scalar } from '@scalar/hono-api-reference';
import { Hono } from 'hono';
import { REFERENCE_PATH } from './openapi.ts';

/**
 * The interactive API reference (Scalar), served whole by the server so it works where the server has no internet
 * access: its script is @scalar/api-reference's single-file browser bundle from node_modules, not the CDN the
 * middleware loads by default, and it asks for no web fonts. The page reads `/v1/openapi.json`.
 */
const BUNDLE_PATH = `${REFERENCE_PATH}/scalar.js`;
const bundleFile = fileURLToPath(new URL('./browser/standalone.js', import.meta.resolve('@scalar/api-reference')));

let bundle: Promise<string> | undefined;
const readBundle = () => {
  bundle ??= readFile(bundleFile, 'utf8').catch((error: unknown) => {
    bundle = undefined;
    throw error;
  });
  return bundle;
};

export function referenceRoutes(documentPath: string) {
  const app = new Hono();
  app.get(
    REFERENCE_PATH,
    Scalar({
      url: documentPath,
      cdn: BUNDLE_PATH,
      pageTitle: 'Hallway API reference',
      withDefaultFonts: false,
      telemetry: false,
      defaultOpenAllTags: true,
      showDeveloperTools: 'never',
    }),
  );
  app.get(BUNDLE_PATH, async (c) => {
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(await readBundle(), 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
  });
  return app;
}
