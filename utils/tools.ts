import type { Tool } from './contract.ts';
import { t } from './i18n.ts';

/**
 * The one list of the tools, in the order Hallway lists them (the snapshot, the hub's filters and forms, the
 * options): the contract's `zTool.options`, in its order, as `tests/unit/contract.test.ts` checks; spelt out here
 * because content scripts read it and zod stays out of their bundle. Nowhere else lists them
 * (`tests/unit/architecture.test.ts`, "states each list of the contract's enums once").
 */
export const TOOLS: readonly Tool[] = ['jira', 'asana', 'notion', 'gmail'];

/** Each tool's name as Hallway shows it (pages, badges, omnibox). */
export const TOOL_NAMES: Record<Tool, string> = { jira: 'Jira', asana: 'Asana', notion: 'Notion', gmail: 'Gmail' };

/** The tool an item key names (`jira:acme.atlassian.net/PAY-1` is Jira's), or null. */
export function toolOfKey(key: string): Tool | null {
  const prefix = key.slice(0, key.indexOf(':'));
  return TOOLS.find((tool) => tool === prefix) ?? null;
}

/** What one work item of each tool is called. */
export const TOOL_ITEM_NAMES: Record<Tool, string> = {
  notion: t('tools.item.notion'),
  asana: t('tools.item.asana'),
  jira: t('tools.item.jira'),
  gmail: t('tools.item.gmail'),
};

/** What an item of each tool without a title (and no readable id) is called. */
const UNTITLED: Record<Tool, () => string> = {
  notion: () => t('tools.untitled.notion'),
  asana: () => t('tools.untitled.asana'),
  jira: () => t('tools.untitled.jira'),
  gmail: () => t('tools.untitled.gmail'),
};

/**
 * The id of an item as people know it: a Jira key (PAY-12) is on every screen of Jira; Notion's 32-hex page ids,
 * Asana's task gids and Gmail's thread tokens are not, so those give null and are never shown as text.
 */
export function readableItemId(ref: { tool: Tool; id: string }): string | null {
  return ref.tool === 'jira' ? ref.id : null;
}

/** What to call an item: its title, else its readable id, else "Untitled Notion page" and the like. */
export function itemName(item: { title?: string; ref: { tool: Tool; id: string } }): string {
  return item.title?.trim() || readableItemId(item.ref) || UNTITLED[item.ref.tool]();
}

/** An item known only by its key (linked, never cached here): `jira:host/PAY-1` reads "PAY-1". */
export function itemKeyName(key: string): string {
  const separator = key.indexOf(':');
  const tool = toolOfKey(key);
  if (!tool) return t('tools.unknownItem');
  const id = key.slice(separator + 1);
  return itemName({ ref: { tool, id: tool === 'jira' ? id.slice(id.lastIndexOf('/') + 1) : id } });
}
