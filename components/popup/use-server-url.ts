import { useEffect, useState } from 'react';
import { loadSettings } from '../../utils/settings.ts';

/** The saved server URL (the policy's when the settings have none yet). */
export function useSettingsServerUrl(fromPolicy: string | null): string | null {
  const [serverUrl, setServerUrl] = useState<string | null>(null);
  useEffect(() => {
    void loadSettings().then((settings) => setServerUrl(settings.serverUrl ?? fromPolicy));
  }, [fromPolicy]);
  return serverUrl;
}
