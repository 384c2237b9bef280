import { defineContentScript } from 'wxt/utils/define-content-script';
import { sharedIdentityReader } from '../utils/page/shared-identity.ts';
import { startWorkItemScript } from '../utils/page/work-item-script.ts';
import { gmail } from '../utils/sites/gmail.ts';
import { HOST_PATTERNS_BY_TOOL } from '../utils/sites/host-patterns.ts';

// Gmail's threads, e.g. https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJkXtQDQWbQcgGHhzgfQPLlzk. A thread's
// Message-ID comes from Gmail's own "Show original" view, fetched on the page's origin.
export default defineContentScript({
  matches: [...HOST_PATTERNS_BY_TOOL.gmail],
  runAt: 'document_idle',
  main(ctx) {
    const identify = sharedIdentityReader(
      gmail,
      () => new URL(window.location.href),
      (url, init) => fetch(url, init),
    );
    startWorkItemScript(ctx, gmail, identify);
  },
});
