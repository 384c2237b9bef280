import { defineContentScript } from 'wxt/utils/define-content-script';
import { startItemReporting } from '../utils/page/report-item.ts';
import { mountSidebar } from '../utils/sidebar-host/mount.ts';
import { SUPPORTED_HOST_PATTERNS } from '../utils/sites/host-patterns.ts';

// Runs on the four hosted tools, e.g. https://acme.atlassian.net/browse/PAY-1,
// https://www.notion.so/Roadmap-0123456789abcdef0123456789abcdef, https://app.asana.com/0/0/1202702259694393,
// https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJkXtQDQWbQcgGHhzgfQPLlzk; self-hosted Jira hosts get it registered
// at runtime (utils/jira-hosts.ts), so its built path content-scripts/work-item.js must stay stable.
export default defineContentScript({
  matches: SUPPORTED_HOST_PATTERNS,
  runAt: 'document_idle',
  main(ctx) {
    // First the sidebar: the background answers the first report with the launcher's summary.
    mountSidebar(ctx);
    void startItemReporting(ctx);
  },
});
