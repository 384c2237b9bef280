import { defineContentScript } from 'wxt/utils/define-content-script';
import { startWorkItemScript } from '../utils/page/work-item-script.ts';
import { asana } from '../utils/sites/asana.ts';
import { HOST_PATTERNS_BY_TOOL } from '../utils/sites/host-patterns.ts';

// Asana's tasks, e.g. https://app.asana.com/0/0/1202702259694393.
export default defineContentScript({
  matches: [...HOST_PATTERNS_BY_TOOL.asana],
  runAt: 'document_idle',
  main(ctx) {
    startWorkItemScript(ctx, asana);
  },
});
