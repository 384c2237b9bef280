import { defineContentScript } from 'wxt/utils/define-content-script';
import { announceHistoryChanges } from '../utils/page/history-event.ts';
import { SUPPORTED_HOST_PATTERNS } from '../utils/sites/host-patterns.ts';

// Firefox only: where the Navigation API is missing, the isolated content script cannot hear the page's
// pushState/replaceState, so this MAIN-world hook announces them with an event on window.
export default defineContentScript({
  matches: SUPPORTED_HOST_PATTERNS,
  include: ['firefox'],
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    announceHistoryChanges(window);
  },
});
