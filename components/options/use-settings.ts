import { useCallback, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { loadSettings, SETTINGS_KEY, type Settings, saveSettings } from '../../utils/settings.ts';

/** The validated settings, kept current when another page changes them. */
export function useSettings() {
  const [settings, setSettings] = useState<Settings | null>(null);
  useEffect(() => {
    void loadSettings().then(setSettings);
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && SETTINGS_KEY in changes) void loadSettings().then(setSettings);
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, []);
  const update = useCallback(async (patch: Partial<Settings>) => setSettings(await saveSettings(patch)), []);
  return { settings, update };
}
