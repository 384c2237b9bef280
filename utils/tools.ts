import type { Tool } from './contract.ts';

/** Each tool's name as Hallway shows it (pages, badges, omnibox). */
export const TOOL_NAMES: Record<Tool, string> = { notion: 'Notion', asana: 'Asana', jira: 'Jira', gmail: 'Gmail' };

/** What one work item of each tool is called. */
export const TOOL_ITEM_NAMES: Record<Tool, string> = {
  notion: 'Notion page',
  asana: 'Asana task',
  jira: 'Jira issue',
  gmail: 'Gmail thread',
};
