import type { Tool } from '../contract.ts';

/** Each hosted tool's match patterns: what its site access is (self-hosted Jira hosts are added at runtime). */
export const HOST_PATTERNS_BY_TOOL: Record<Tool, readonly string[]> = {
  notion: ['https://www.notion.so/*', 'https://notion.so/*', 'https://app.notion.com/*', 'https://*.notion.site/*'],
  asana: ['https://app.asana.com/*'],
  jira: ['https://*.atlassian.net/*'],
  gmail: ['https://mail.google.com/*'],
};

/** Match patterns for the four hosted tools: host permissions, content scripts and the sidebar's resources. */
export const SUPPORTED_HOST_PATTERNS = Object.values(HOST_PATTERNS_BY_TOOL).flat();
