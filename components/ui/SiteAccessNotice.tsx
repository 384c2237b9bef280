import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import type { Tool } from '../../utils/contract.ts';
import { t } from '../../utils/i18n.ts';
import { loadSettings, SETTINGS_KEY } from '../../utils/settings.ts';
import { requestAccess, toolsWithoutAccess, withdrawnAccessMessage } from '../../utils/site-access.ts';
import { Button } from './Button.tsx';

/** The tools that are on in the settings but whose site access the user withdrew; kept current. */
function useWithdrawnTools(): Tool[] {
  const [tools, setTools] = useState<Tool[]>([]);
  useEffect(() => {
    let live = true;
    const check = async () => {
      const { enabledSites } = await loadSettings();
      const missing = await toolsWithoutAccess(browser.permissions, enabledSites);
      if (live) setTools(missing);
    };
    const onStorage = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && SETTINGS_KEY in changes) void check();
    };
    const onPermissions = () => void check();
    void check();
    browser.permissions.onAdded.addListener(onPermissions);
    browser.permissions.onRemoved.addListener(onPermissions);
    browser.storage.onChanged.addListener(onStorage);
    return () => {
      live = false;
      browser.permissions.onAdded.removeListener(onPermissions);
      browser.permissions.onRemoved.removeListener(onPermissions);
      browser.storage.onChanged.removeListener(onStorage);
    };
  }, []);
  return tools;
}

/** Says which tools Hallway can no longer see, with one click to ask for their site access again. */
export function SiteAccessNotice({ className = '' }: { className?: string }) {
  const tools = useWithdrawnTools();
  const [refused, setRefused] = useState(false);
  if (tools.length === 0) return null;
  return (
    <div
      role="status"
      data-site-access="withdrawn"
      data-tools={tools.join(' ')}
      className={`flex flex-col gap-2 rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:bg-amber-950/50 dark:text-amber-200 ${className}`}
    >
      <p>{withdrawnAccessMessage(tools)}</p>
      {refused ? <p>{t('access.refused')}</p> : null}
      <div>
        <Button
          size="sm"
          variant="secondary"
          // The request comes first in the click: the browser shows its prompt only for the user's gesture.
          onClick={() => void requestAccess(browser.permissions, tools).then((granted) => setRefused(!granted))}
        >
          {t('access.allowAgain', tools.length)}
        </Button>
      </div>
    </div>
  );
}
