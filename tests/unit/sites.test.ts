import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zTool } from '../../utils/contract.ts';
import { siteAdapters } from '../../utils/sites/index.ts';
import { EXAMPLE_URLS } from '../support/example-urls.ts';

const root = join(import.meta.dirname, '..', '..');
const adapters = Object.values(siteAdapters);
const jiraHosts = ['jira.example.com'];

describe('site adapters', () => {
  it.each(adapters.map((adapter) => [adapter.tool, adapter]))('%s accepts its own example URLs', (_, adapter) => {
    for (const url of EXAMPLE_URLS[adapter.tool]) {
      expect(adapter.detect(new URL(url), { jiraHosts })?.tool, url).toBe(adapter.tool);
    }
  });

  it.each(adapters.map((adapter) => [adapter.tool, adapter]))('%s rejects every other adapter’s URLs', (_, adapter) => {
    const foreign = adapters.filter((other) => other !== adapter).flatMap((other) => EXAMPLE_URLS[other.tool]);
    for (const url of foreign) expect(adapter.detect(new URL(url), { jiraHosts }), url).toBeNull();
  });
});

describe('site adapter architecture', () => {
  const modules = readdirSync(join(root, 'utils', 'sites'))
    .filter((file) => /\.ts$/.test(file) && !['index.ts', 'types.ts', 'dom.ts', 'host-patterns.ts'].includes(file))
    .map((file) => file.replace(/\.ts$/, ''));

  it('registers every adapter module under its tool, and has an adapter for every tool', () => {
    expect(modules.sort()).toEqual([...zTool.options].sort());
    for (const tool of zTool.options) {
      expect(siteAdapters[tool].tool).toBe(tool);
      expect(readFileSync(join(root, 'utils', 'sites', 'index.ts'), 'utf8')).toContain(`from './${tool}.ts'`);
    }
  });

  it('gives every adapter example URLs and dated fixtures', () => {
    for (const tool of zTool.options) {
      expect(EXAMPLE_URLS[tool].length, tool).toBeGreaterThanOrEqual(5);
      const dir = join(root, 'tests', 'fixtures', tool);
      const fixtures = existsSync(dir) ? readdirSync(dir) : [];
      expect(fixtures.length, tool).toBeGreaterThanOrEqual(2);
      for (const file of fixtures) expect(file).toMatch(/^\d{4}-\d{2}-\d{2}-[a-z0-9-]+\.html$/);
    }
  });
});
