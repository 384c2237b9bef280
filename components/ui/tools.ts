import type { Tool } from '../../utils/contract.ts';

/** Each tool's name as the extension's pages show it. */
export const TOOL_NAMES: Record<Tool, string> = { notion: 'Notion', asana: 'Asana', jira: 'Jira', gmail: 'Gmail' };
