import { useCallback, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { sendMessage } from '../../utils/messaging/client.ts';
import { loadSettings, SETTINGS_KEY, type Settings } from '../../utils/settings.ts';

/**
 * The validated settings, kept current when another page changes them. A change is saved by the background
 * (`settings.save`), which decides the side panel's place from its memory of them.
 */
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
  const update = useCallback(async (patch: Partial<Settings>) => {
    // The control shows the user's choice at once (a controlled switch would snap back until the background answers,
    // while the tools' pages already follow the stored value); then what the background stored, policy included.
    setSettings((current) => (current ? { ...current, ...patch } : current));
    const answer = await sendMessage('settings.save', { patch });
    if (!answer.ok) {
      setSettings(await loadSettings());
      throw new Error(answer.error.message);
    }
    setSettings(answer.value);
  }, []);
  return { settings, update };
}
