import { t } from '../../utils/i18n.ts';
import type { Settings, Theme } from '../../utils/settings.ts';
import { Section } from './Section.tsx';

const THEMES: { id: Theme; label: () => string }[] = [
  { id: 'system', label: () => t('options.theme.system') },
  { id: 'light', label: () => t('options.theme.light') },
  { id: 'dark', label: () => t('options.theme.dark') },
];

export function ThemeSection({
  settings,
  update,
}: {
  settings: Settings;
  update: (patch: Partial<Settings>) => Promise<void>;
}) {
  return (
    <Section id="theme" title={t('options.theme.title')}>
      <fieldset className="inline-flex w-fit rounded-lg bg-zinc-100 p-0.5 dark:bg-zinc-800">
        <legend className="sr-only">{t('options.theme.legend')}</legend>
        {THEMES.map((theme) => (
          <label key={theme.id} className="cursor-pointer">
            <input
              type="radio"
              name="theme"
              value={theme.id}
              className="peer sr-only"
              checked={settings.theme === theme.id}
              onChange={() => void update({ theme: theme.id })}
            />
            <span className="block rounded-md px-3 py-1 text-xs font-medium text-zinc-600 transition-colors peer-checked:bg-white peer-checked:text-zinc-900 peer-checked:shadow-sm peer-focus-visible:outline-2 peer-focus-visible:outline-brand-500 dark:text-zinc-300 dark:peer-checked:bg-zinc-950 dark:peer-checked:text-zinc-100">
              {theme.label()}
            </span>
          </label>
        ))}
      </fieldset>
    </Section>
  );
}
