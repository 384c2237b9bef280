/**
 * The content script of one tool's pages: each tool has its own built script (entrypoints/work-item*.content.ts)
 * holding that tool's adapter only, so a page loads what it can show and nothing of the other three tools.
 */

import { mountSidebar } from '../sidebar-host/mount.ts';
import type { SiteAdapter } from '../sites/types.ts';
import { startItemReporting } from './report-item.ts';
import type { ScriptContext } from './script-context.ts';
import type { Identify } from './shared-identity.ts';

export function startWorkItemScript(ctx: ScriptContext, site: SiteAdapter, identify?: Identify): void {
  // First the sidebar: the background answers the first report with the launcher's summary.
  mountSidebar(ctx);
  void startItemReporting(ctx, site, identify);
}
