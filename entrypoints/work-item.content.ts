import { defineContentScript } from 'wxt/utils/define-content-script';
import { startWorkItemScript } from '../utils/page/work-item-script.ts';
import { HOST_PATTERNS_BY_TOOL } from '../utils/sites/host-patterns.ts';
import { jira } from '../utils/sites/jira.ts';

// Jira's pages, e.g. https://acme.atlassian.net/browse/PAY-1. Self-hosted Jira hosts get this same script registered
// at runtime (utils/jira-hosts.ts), so its built path content-scripts/work-item.js must stay stable. The other tools
// have a script each (work-item-<tool>.content.ts): a page loads one tool's adapter only.
export default defineContentScript({
  matches: [...HOST_PATTERNS_BY_TOOL.jira],
  runAt: 'document_idle',
  main(ctx) {
    startWorkItemScript(ctx, jira);
  },
});
