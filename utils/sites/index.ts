import type { Tool } from '../contract.ts';
import { asana } from './asana.ts';
import { gmail } from './gmail.ts';
import { jira } from './jira.ts';
import { notion } from './notion.ts';
import type { SiteAdapter } from './types.ts';

export type { DetectOptions, PageContext, SiteAdapter } from './types.ts';

/** One adapter per tool. Keyed by `Tool`, so a tool added to the contract fails the build until it has an adapter. */
export const siteAdapters: Readonly<Record<Tool, SiteAdapter>> = { notion, asana, jira, gmail };
