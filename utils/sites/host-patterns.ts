/** Match patterns for the four hosted tools: host permissions, content scripts and the sidebar's resources. */
export const SUPPORTED_HOST_PATTERNS = [
  'https://www.notion.so/*',
  'https://notion.so/*',
  'https://app.notion.com/*',
  'https://*.notion.site/*',
  'https://app.asana.com/*',
  'https://*.atlassian.net/*',
  'https://mail.google.com/*',
];
