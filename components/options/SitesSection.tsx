import type { Tool } from '../../utils/contract.ts';
import { t } from '../../utils/i18n.ts';
import type { Policy } from '../../utils/policy.ts';
import type { Settings } from '../../utils/settings.ts';
import { TOOL_NAMES, TOOLS } from '../../utils/tools.ts';
import { SiteAccessNotice } from '../ui/SiteAccessNotice.tsx';
import { Section } from './Section.tsx';

/** Where each tool runs, as the options page says it. */
const HOSTS: Record<Tool, () => string> = {
  jira: () => t('options.sites.jiraHosts'),
  asana: () => 'app.asana.com',
  notion: () => 'notion.so, notion.site',
  gmail: () => 'mail.google.com',
};

const SITES: { id: keyof Settings['enabledSites']; name: string; hosts: () => string }[] = TOOLS.map((tool) => ({
  id: tool,
  name: TOOL_NAMES[tool],
  hosts: HOSTS[tool],
}));

export function SitesSection({
  settings,
  update,
  policy,
}: {
  settings: Settings;
  update: (patch: Partial<Settings>) => Promise<void>;
  /** The admin's policy, read before the page is drawn: a site it turns off shows locked from the first frame. */
  policy: Policy;
}) {
  const off = new Set(policy.disabledTools ?? []);
  return (
    <Section id="sites" title={t('options.sites.title')} description={t('options.sites.description')}>
      <SiteAccessNotice className="mb-2" />
      <ul className="flex flex-col gap-2">
        {SITES.map((site) => (
          <li key={site.id}>
            <label className="flex cursor-pointer items-center justify-between gap-3 rounded-md px-1 py-1">
              <span>
                <span className="font-medium">{site.name}</span>
                <span className="block text-xs text-zinc-500 dark:text-zinc-400">
                  {off.has(site.id) ? t('options.sites.off') : site.hosts()}
                </span>
              </span>
              <input
                type="checkbox"
                name={`site-${site.id}`}
                className="peer sr-only"
                checked={settings.enabledSites[site.id] && !off.has(site.id)}
                disabled={off.has(site.id)}
                data-policy={off.has(site.id) ? 'locked' : undefined}
                onChange={(event) =>
                  void update({ enabledSites: { ...settings.enabledSites, [site.id]: event.target.checked } })
                }
              />
              <span
                aria-hidden="true"
                className="relative h-5 w-9 shrink-0 rounded-full bg-zinc-300 transition-colors peer-checked:bg-brand-600 peer-focus-visible:outline-2 peer-focus-visible:outline-brand-500 after:absolute after:top-0.5 after:left-0.5 after:size-4 after:rounded-full after:bg-white after:shadow after:transition-transform peer-checked:after:translate-x-4 dark:bg-zinc-700"
              />
            </label>
          </li>
        ))}
      </ul>
    </Section>
  );
}
