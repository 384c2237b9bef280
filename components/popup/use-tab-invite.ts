import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { parseInviteLink } from '../../utils/auth/flow.ts';

/**
 * The invite link open in the tab the toolbar button was clicked on (`activeTab` lets the popup read that tab's
 * address, fragment included), so a person who opened the link their admin sent joins with one click.
 */
export function useTabInvite(): { link: string; serverUrl: string } | null {
  const [invite, setInvite] = useState<{ link: string; serverUrl: string } | null>(null);
  useEffect(() => {
    let active = true;
    void browser.tabs
      .query({ active: true, currentWindow: true })
      .then(([tab]) => {
        const parsed = tab?.url ? readInvite(tab.url) : null;
        if (active && parsed && tab?.url) setInvite({ link: tab.url, serverUrl: parsed.serverUrl });
      })
      .catch(() => undefined);
    return () => {
      active = false;
    };
  }, []);
  return invite;
}

/** The invite a tab's address holds, or null for any other page. */
function readInvite(url: string): { serverUrl: string } | null {
  try {
    return parseInviteLink(url);
  } catch {
    return null;
  }
}
