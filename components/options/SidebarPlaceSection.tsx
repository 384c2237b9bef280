import type { Tool } from '../../utils/contract.ts';
import { t } from '../../utils/i18n.ts';
import type { Settings, SidebarPlace } from '../../utils/settings.ts';
import { TOOL_NAMES, TOOLS } from '../../utils/tools.ts';
import { Select } from '../ui/Select.tsx';
import { Section } from './Section.tsx';

const PLACES: { id: SidebarPlace; label: () => string }[] = [
  { id: 'page', label: () => t('options.sidebarPlace.page') },
  { id: 'panel', label: () => t('options.sidebarPlace.panel') },
];

/**
 * Where the sidebar opens, for every site and per site: in the tool's page, or in the browser's own side panel (the
 * toggle shortcut and the launcher open whichever is chosen; see utils/background/side-panel.ts).
 */
export function SidebarPlaceSection({
  settings,
  update,
}: {
  settings: Settings;
  update: (patch: Partial<Settings>) => Promise<void>;
}) {
  const setSite = (tool: Tool, value: string) => {
    const { [tool]: _dropped, ...others } = settings.sitePlaces;
    void update({ sitePlaces: value === 'page' || value === 'panel' ? { ...others, [tool]: value } : others });
  };
  return (
    <Section
      id="sidebar-place"
      title={t('options.sidebarPlace.title')}
      description={t('options.sidebarPlace.description')}
    >
      <fieldset className="inline-flex w-fit rounded-lg bg-zinc-100 p-0.5 dark:bg-zinc-800">
        <legend className="sr-only">{t('options.sidebarPlace.legend')}</legend>
        {PLACES.map((place) => (
          <label key={place.id} className="cursor-pointer">
            <input
              type="radio"
              name="sidebar-place"
              value={place.id}
              className="peer sr-only"
              checked={settings.sidebarPlace === place.id}
              onChange={() => void update({ sidebarPlace: place.id })}
            />
            <span className="block rounded-md px-3 py-1 text-xs font-medium text-zinc-600 transition-colors peer-checked:bg-white peer-checked:text-zinc-900 peer-checked:shadow-sm peer-focus-visible:outline-2 peer-focus-visible:outline-brand-500 dark:text-zinc-300 dark:peer-checked:bg-zinc-950 dark:peer-checked:text-zinc-100">
              {place.label()}
            </span>
          </label>
        ))}
      </fieldset>
      <ul className="flex flex-col gap-2">
        {TOOLS.map((tool) => (
          <li key={tool} className="flex items-center justify-between gap-3 px-1">
            <label htmlFor={`sidebar-place-${tool}`} className="font-medium">
              {TOOL_NAMES[tool]}
            </label>
            <Select
              id={`sidebar-place-${tool}`}
              name={`sidebar-place-${tool}`}
              value={settings.sitePlaces[tool] ?? 'all'}
              onChange={(event) => setSite(tool, event.target.value)}
            >
              <option value="all">{t('options.sidebarPlace.asEverywhere')}</option>
              {PLACES.map((place) => (
                <option key={place.id} value={place.id}>
                  {place.label()}
                </option>
              ))}
            </Select>
          </li>
        ))}
      </ul>
    </Section>
  );
}
