import { useEffect } from 'react';
import { browser } from 'wxt/browser';
import { loadSettings, SETTINGS_KEY } from '../../utils/settings.ts';
import { applyTheme } from '../ui/theme.ts';

/** Follows the theme of the user's settings (system, light or dark), live. */
export function useSettingsTheme(): void {
  useEffect(() => {
    let undo = () => {};
    let cancelled = false;
    const apply = async () => {
      const { theme } = await loadSettings();
      if (cancelled) return;
      undo();
      undo = applyTheme(theme);
    };
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && SETTINGS_KEY in changes) void apply();
    };
    browser.storage.onChanged.addListener(onChanged);
    void apply();
    return () => {
      cancelled = true;
      undo();
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, []);
}
