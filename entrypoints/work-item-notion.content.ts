import { defineContentScript } from 'wxt/utils/define-content-script';
import { startWorkItemScript } from '../utils/page/work-item-script.ts';
import { HOST_PATTERNS_BY_TOOL } from '../utils/sites/host-patterns.ts';
import { notion } from '../utils/sites/notion.ts';

// Notion's pages, e.g. https://www.notion.so/Roadmap-0123456789abcdef0123456789abcdef.
export default defineContentScript({
  matches: [...HOST_PATTERNS_BY_TOOL.notion],
  runAt: 'document_idle',
  main(ctx) {
    startWorkItemScript(ctx, notion);
  },
});
