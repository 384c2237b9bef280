import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { detectItem } from '../detect/index.ts';
import { sendMessage } from '../messaging/client.ts';

/** Detects the item of the current page and reports it to the background. */
export async function reportCurrentItem(ctx: ContentScriptContext, location: Location = window.location) {
  if (ctx.isInvalid) return;
  const item = detectItem(location.href);
  await sendMessage('page.itemChanged', { item, title: document.title });
}
