import { defineContentScript } from 'wxt/utils/define-content-script';
import { reportCurrentItem } from '../utils/page/report-item.ts';
import { SUPPORTED_HOST_PATTERNS } from '../utils/sites/host-patterns.ts';

// Runs on the four hosted tools, e.g. https://acme.atlassian.net/browse/PAY-1,
// https://www.notion.so/Roadmap-0123456789abcdef0123456789abcdef, https://app.asana.com/0/1/2,
// https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJkXtQDQWbQcgGHhzgfQPLlzk
export default defineContentScript({
  matches: SUPPORTED_HOST_PATTERNS,
  runAt: 'document_idle',
  main(ctx) {
    void reportCurrentItem(ctx);
  },
});
