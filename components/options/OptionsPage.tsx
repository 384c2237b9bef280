import { useMemo } from 'react';
import { openDb } from '../../utils/db/index.ts';
import { t } from '../../utils/i18n.ts';
import { usePolicy } from '../shared/use-account.ts';
import { useSettingsTheme } from '../ui/use-settings-theme.ts';
import { ConnectionSection } from './ConnectionSection.tsx';
import { DevicesSection } from './DevicesSection.tsx';
import { JiraHosts } from './JiraHosts.tsx';
import { NotificationsSection } from './NotificationsSection.tsx';
import { SidebarPlaceSection } from './SidebarPlaceSection.tsx';
import { SitesSection } from './SitesSection.tsx';
import { SyncStatusSection } from './SyncStatusSection.tsx';
import { ThemeSection } from './ThemeSection.tsx';
import { useSettings } from './use-settings.ts';

export function OptionsPage() {
  useSettingsTheme();
  const db = useMemo(() => openDb(), []);
  const { settings, update } = useSettings();
  // The admin's policy locks fields and adds their notes: drawn with the first frame, so nothing moves in later
  // (a Save button that moved down under the pointer as the server field's note appeared).
  const policy = usePolicy();
  if (!settings || !policy) return null;
  return (
    <div className="min-h-screen bg-zinc-50 dark:bg-zinc-950">
      <main className="mx-auto flex max-w-2xl flex-col gap-5 px-6 py-10">
        <header className="flex items-center gap-3">
          <span className="grid size-9 place-items-center rounded-lg bg-brand-600 text-base font-bold text-white">
            H
          </span>
          <div>
            <h1 className="text-lg font-semibold">Hallway</h1>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">{t('options.tagline')}</p>
          </div>
        </header>
        <ConnectionSection db={db} settings={settings} update={update} policy={policy} />
        <DevicesSection db={db} />
        <SyncStatusSection db={db} />
        <SitesSection settings={settings} update={update} policy={policy} />
        <section className="rounded-xl border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900/60">
          <JiraHosts />
        </section>
        <SidebarPlaceSection settings={settings} update={update} />
        <ThemeSection settings={settings} update={update} />
        <NotificationsSection />
      </main>
    </div>
  );
}
