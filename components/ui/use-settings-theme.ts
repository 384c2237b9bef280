import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import type { Theme } from '../../utils/settings.ts';
import { parseThemeSetting, SHARED_SETTINGS_KEY } from '../../utils/sidebar-host/settings.ts';
import { applyTheme } from './theme.ts';

/**
 * Follows the theme of the user's settings (system, light or dark), live, on every extension page; returns it.
 * Read with a hand-written check instead of `loadSettings`: zod would then load before a page's first render.
 */
export function useSettingsTheme(): Theme {
  const [theme, setTheme] = useState<Theme>('system');
  useEffect(() => {
    let undo = () => {};
    let cancelled = false;
    const apply = async () => {
      const stored = (await browser.storage.local.get(SHARED_SETTINGS_KEY))[SHARED_SETTINGS_KEY];
      if (cancelled) return;
      const chosen = parseThemeSetting(stored);
      undo();
      undo = applyTheme(chosen);
      setTheme(chosen);
    };
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && SHARED_SETTINGS_KEY in changes) void apply();
    };
    browser.storage.onChanged.addListener(onChanged);
    void apply();
    return () => {
      cancelled = true;
      undo();
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, []);
  return theme;
}
