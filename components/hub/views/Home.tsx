import { hubHash } from '../../../utils/hub-links.ts';
import { formatNumber, t } from '../../../utils/i18n.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { Section } from '../../ui/Section.tsx';
import { HubLink } from '../common.tsx';
import { useHubData } from '../data.tsx';

export function HomeView() {
  // The overview needs only the counts, which come long before the tables at workspace scale.
  const { counts: counted, me } = useHubData();
  const counts = [
    { label: t('hub.nav.teams'), value: counted?.teams, href: hubHash({ view: 'teams' }) },
    { label: t('hub.nav.goals'), value: counted?.goals, href: hubHash({ view: 'goals' }) },
    { label: t('hub.nav.decisions'), value: counted?.decisions, href: hubHash({ view: 'decisions' }) },
    { label: t('hub.nav.rules'), value: counted?.rules, href: hubHash({ view: 'rules' }) },
    { label: t('hub.workItems'), value: counted?.items, href: hubHash({ view: 'snapshot' }) },
  ];
  const empty = counted?.teams === 0 && counted?.goals === 0 && counted?.decisions === 0;
  return (
    <div data-view="home" data-ready={counted !== undefined || undefined} className="flex flex-col">
      <PageHeader title={me ? me.workspace.name : 'Hallway'} subtitle={t('hub.home.subtitle')} />
      <div className="flex flex-col gap-6 px-6 py-5">
        {empty ? (
          <EmptyState title={t('hub.home.empty')}>
            {me ? t('hub.home.notSynced') : t('hub.home.notConnected')}
          </EmptyState>
        ) : null}
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-5" data-counts>
          {counts.map((count) => (
            <a
              key={count.label}
              href={count.href}
              className="rounded-lg border border-zinc-200 px-4 py-3 hover:border-brand-500 dark:border-zinc-800"
            >
              <span className="block text-xs text-zinc-500">{count.label}</span>
              <span className="block text-xl font-semibold tabular-nums">
                {count.value === undefined ? '…' : formatNumber(count.value)}
              </span>
            </a>
          ))}
        </div>
        <Section title={t('hub.home.keyboard')}>
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            <kbd className="font-mono">/</kbd> {t('hub.home.keys.search')} · <kbd className="font-mono">j</kbd>/
            <kbd className="font-mono">k</kbd> {t('hub.home.keys.move')},{' '}
            <kbd className="font-mono">{t('hub.home.keys.enter')}</kbd> {t('hub.home.keys.opens')} ·{' '}
            <kbd className="font-mono">g</kbd> {t('hub.home.keys.then')} <kbd className="font-mono">t</kbd>{' '}
            {t('hub.home.keys.teams')}, <kbd className="font-mono">g</kbd> {t('hub.home.keys.goals')},{' '}
            <kbd className="font-mono">d</kbd> {t('hub.home.keys.decisions')}, <kbd className="font-mono">r</kbd>{' '}
            {t('hub.home.keys.rules')}, <kbd className="font-mono">s</kbd> {t('hub.home.keys.snapshot')}.
          </p>
        </Section>
        <Section title={t('hub.home.start')}>
          <ul className="flex flex-col gap-1 text-[13px]">
            <li>
              <HubLink to={{ view: 'snapshot' }}>{t('hub.home.snapshot')}</HubLink>: {t('hub.home.snapshotHint')}
            </li>
            <li>
              <HubLink to={{ view: 'decisions' }}>{t('hub.home.log')}</HubLink>: {t('hub.home.logHint')}
            </li>
            <li>
              <HubLink to={{ view: 'rules' }}>{t('hub.nav.rules')}</HubLink>: {t('hub.home.rulesHint')}
            </li>
          </ul>
        </Section>
      </div>
    </div>
  );
}
