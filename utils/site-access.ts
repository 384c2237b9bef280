/**
 * Site access the user withdrew. Firefox lets anyone take a tool's host permission back at any time (about:addons,
 * the toolbar's menu), Chrome too ("Site access"); Hallway then sees nothing there. The options page and the popup
 * name the tools it can no longer see and ask for them again with one click.
 */
import type { Tool } from './contract.ts';
import { t } from './i18n.ts';
import type { Settings } from './settings.ts';
import { HOST_PATTERNS_BY_TOOL } from './sites/host-patterns.ts';
import { TOOL_NAMES, TOOLS } from './tools.ts';

export interface HostPermissions {
  contains(permissions: { origins: string[] }): Promise<boolean>;
  request(permissions: { origins: string[] }): Promise<boolean>;
}

/** The tools the user has on (Settings' sites) whose site access is not granted, in the tool list's order. */
export async function toolsWithoutAccess(
  permissions: Pick<HostPermissions, 'contains'>,
  enabledSites: Settings['enabledSites'],
): Promise<Tool[]> {
  const granted = await Promise.all(
    TOOLS.map(async (tool) =>
      enabledSites[tool] ? permissions.contains({ origins: [...HOST_PATTERNS_BY_TOOL[tool]] }) : true,
    ),
  );
  return TOOLS.filter((_tool, index) => !granted[index]);
}

/**
 * Asks the browser for these tools' site access again. Call it straight from the click (no await before it): the
 * browser only shows its prompt for a user's gesture.
 */
export function requestAccess(permissions: Pick<HostPermissions, 'request'>, tools: readonly Tool[]): Promise<boolean> {
  return permissions.request({ origins: tools.flatMap((tool) => [...HOST_PATTERNS_BY_TOOL[tool]]) });
}

/** "Jira", "Jira and Gmail", "Notion, Jira and Gmail". */
export function toolList(tools: readonly Tool[]): string {
  const names = tools.map((tool) => TOOL_NAMES[tool]);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} ${t('common.and')} ${names.at(-1)}`;
}

export function withdrawnAccessMessage(tools: readonly Tool[]): string {
  return t('access.withdrawn', tools.length, { tools: toolList(tools) });
}
