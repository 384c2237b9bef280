import { hubHash } from '../../../utils/hub-links.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { Section } from '../../ui/Section.tsx';
import { HubLink } from '../common.tsx';
import { useHubData } from '../data.tsx';

export function HomeView() {
  // The overview needs only the counts, which come long before the tables at workspace scale.
  const { counts: counted, me } = useHubData();
  const counts = [
    { label: 'Teams', value: counted?.teams, href: hubHash({ view: 'teams' }) },
    { label: 'Goals', value: counted?.goals, href: hubHash({ view: 'goals' }) },
    { label: 'Decisions', value: counted?.decisions, href: hubHash({ view: 'decisions' }) },
    { label: 'Ownership rules', value: counted?.rules, href: hubHash({ view: 'rules' }) },
    { label: 'Work items', value: counted?.items, href: hubHash({ view: 'snapshot' }) },
  ];
  const empty = counted?.teams === 0 && counted?.goals === 0 && counted?.decisions === 0;
  return (
    <div data-view="home" data-ready={counted !== undefined || undefined} className="flex flex-col">
      <PageHeader
        title={me ? me.workspace.name : 'Hallway'}
        subtitle="The whole map: who owns what, which goals the work serves, and what was decided."
      />
      <div className="flex flex-col gap-6 px-6 py-5">
        {empty ? (
          <EmptyState title="The mirror is empty">
            {me
              ? 'Nothing has synced yet. Teams, goals and decisions appear here as soon as the first sync finishes.'
              : 'Connect to your Hallway server in the extension options; the hub then fills from the shared workspace.'}
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
              <span className="block text-xl font-semibold tabular-nums">{count.value ?? '…'}</span>
            </a>
          ))}
        </div>
        <Section title="Keyboard">
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            <kbd className="font-mono">/</kbd> search · <kbd className="font-mono">j</kbd>/
            <kbd className="font-mono">k</kbd> or arrows move in lists, <kbd className="font-mono">Enter</kbd> opens ·{' '}
            <kbd className="font-mono">g</kbd> then <kbd className="font-mono">t</kbd> teams,{' '}
            <kbd className="font-mono">g</kbd> goals, <kbd className="font-mono">d</kbd> decisions,{' '}
            <kbd className="font-mono">r</kbd> rules, <kbd className="font-mono">s</kbd> snapshot.
          </p>
        </Section>
        <Section title="Start here">
          <ul className="flex flex-col gap-1 text-[13px]">
            <li>
              <HubLink to={{ view: 'snapshot' }}>This week's work snapshot</HubLink>: coverage per team or goal.
            </li>
            <li>
              <HubLink to={{ view: 'decisions' }}>Decision log</HubLink>: every decision, its supersession chain and
              sources.
            </li>
            <li>
              <HubLink to={{ view: 'rules' }}>Ownership rules</HubLink>: test "which team would own this page?".
            </li>
          </ul>
        </Section>
      </div>
    </div>
  );
}
