import { dirname, join, resolve } from 'node:path';

/**
 * Where `npm start` keeps the development admin token: beside the PGlite data folder (`.data/dev-token` next to
 * `.data/pglite`). The token command reads it to go through a running server that holds that folder.
 */
export const devTokenPath = (pgliteDataDir: string) => join(dirname(resolve(pgliteDataDir)), 'dev-token');
