import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import type { Tool } from '../../utils/contract.ts';
import { t } from '../../utils/i18n.ts';
import { sendMessage } from '../../utils/messaging/client.ts';
import { loadSettings, SETTINGS_KEY } from '../../utils/settings.ts';
import { TOOL_NAMES } from '../../utils/tools.ts';
import { usePolicy } from '../shared/use-account.ts';

/** Turns Hallway on or off for the current tab's tool (the `enabledSites` setting, shared with the options page). */
export function SiteSwitch({ tool }: { tool: Tool }) {
  const [enabled, setEnabled] = useState<boolean | null>(null);
  useEffect(() => {
    let active = true;
    const read = () => void loadSettings().then((settings) => active && setEnabled(settings.enabledSites[tool]));
    // Kept current while open: the options page (or the popup opened as a tab elsewhere) may change it meanwhile.
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && SETTINGS_KEY in changes) read();
    };
    read();
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      active = false;
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, [tool]);
  const locked = usePolicy()?.disabledTools?.includes(tool) ?? false;
  if (enabled === null) return null;
  const toggle = async () => {
    const settings = await loadSettings();
    // Saved by the background, the settings' one writer (`settings.save`); refused, the switch shows what is stored.
    const answer = await sendMessage('settings.save', {
      patch: { enabledSites: { ...settings.enabledSites, [tool]: !enabled } },
    });
    setEnabled((answer.ok ? answer.value : await loadSettings()).enabledSites[tool]);
  };
  return (
    <label className="flex cursor-pointer items-center gap-2 text-[11px] text-zinc-600 dark:text-zinc-400">
      <input
        type="checkbox"
        checked={enabled && !locked}
        disabled={locked}
        onChange={() => void toggle()}
        className="accent-brand-600"
      />
      {locked ? t('popup.site.locked', { tool: TOOL_NAMES[tool] }) : t('popup.site.on', { tool: TOOL_NAMES[tool] })}
    </label>
  );
}
