/** The hub shell: sidebar navigation, search, role and theme, pending-write problems, and the routed view. */
import { type FormEvent, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import type { HallwayDexie } from '../../utils/db/schema.ts';
import { type HubRoute, hubHash } from '../../utils/hub-links.ts';
import { t } from '../../utils/i18n.ts';
import { sendMessage } from '../../utils/messaging/client.ts';
import { may } from '../../utils/roles.ts';
import type { Theme } from '../../utils/settings.ts';
import { roleName } from '../shared/role-name.ts';
import { Badge } from '../ui/Badge.tsx';
import { type Chunk, useChunk } from '../ui/chunk.ts';
import { ErrorBoundary } from '../ui/ErrorBoundary.tsx';
import { TextInput } from '../ui/Field.tsx';
import { useSettingsTheme } from '../ui/use-settings-theme.ts';
import { HubDataProvider, useHubData } from './data.tsx';
import { useShellKeys } from './keyboard.ts';
import { usePreloadViews, views } from './lazy-views.tsx';
import { OutboxProblems, PendingWrites } from './OutboxProblems.tsx';
import { navigate, useRoute } from './routing.ts';
import { HomeView } from './views/Home.tsx';

const NAV: { label: string; route: HubRoute; key: string; matches: HubRoute['view'][] }[] = [
  { label: t('hub.nav.home'), route: { view: 'home' }, key: 'h', matches: ['home', 'search'] },
  { label: t('hub.nav.teams'), route: { view: 'teams' }, key: 't', matches: ['teams', 'team'] },
  { label: t('hub.nav.goals'), route: { view: 'goals' }, key: 'g', matches: ['goals', 'goal'] },
  { label: t('hub.nav.decisions'), route: { view: 'decisions' }, key: 'd', matches: ['decisions', 'decision'] },
  { label: t('hub.nav.rules'), route: { view: 'rules' }, key: 'r', matches: ['rules'] },
  { label: t('hub.nav.connectors'), route: { view: 'connectors' }, key: 'c', matches: ['connectors'] },
  { label: t('hub.nav.snapshot'), route: { view: 'snapshot' }, key: 's', matches: ['snapshot'] },
  { label: t('hub.nav.digest'), route: { view: 'digest' }, key: 'w', matches: ['digest'] },
  { label: t('hub.nav.reviews'), route: { view: 'reviews' }, key: 'v', matches: ['reviews'] },
  { label: t('hub.nav.settings'), route: { view: 'settings' }, key: ',', matches: ['settings'] },
];
/** Shown to admins only; the server refuses its calls to anyone else all the same. */
const PEOPLE_NAV: (typeof NAV)[number] = {
  label: t('hub.nav.people'),
  route: { view: 'people' },
  key: 'p',
  matches: ['people'],
};

const THEME_NAMES: Record<Theme, () => string> = {
  system: () => t('hub.theme.system'),
  light: () => t('hub.theme.light'),
  dark: () => t('hub.theme.dark'),
};

const FIRST_RENDER = 'hub:first-render';

/**
 * Marks the first commit that shows the routed view itself (not the blank while its chunk loads) with the shell
 * around it: the benchmark measures open-to-first-render from navigation start to this mark.
 */
function FirstRenderMark() {
  useEffect(() => {
    if (performance.getEntriesByName(FIRST_RENDER).length === 0) performance.mark(FIRST_RENDER);
  }, []);
  return null;
}

/** Settings pull zod in (their schema): only a theme click needs them, so they stay out of the first render. */
// Saved by the background, the settings' one writer; the theme shown follows storage (`useSettingsTheme`).
const saveTheme = (theme: Theme) => sendMessage('settings.save', { patch: { theme } });

export function HubApp({ db }: { db: HallwayDexie }) {
  return (
    <HubDataProvider db={db}>
      <Shell />
    </HubDataProvider>
  );
}

function Shell() {
  const route = useRoute();
  const stableNavigate = useCallback(navigate, []);
  useShellKeys(stableNavigate);
  // The one theme setting of every Hallway page: choosing it here changes the options, popup and sidebar too.
  const theme = useSettingsTheme();
  const chooseTheme = (mode: Theme) => void saveTheme(mode);
  const { role, me, counts, outbox } = useHubData();
  // After the overview's counts: adding the views' preload links takes the main thread for tens of milliseconds,
  // which the background's answer would otherwise wait behind.
  usePreloadViews(counts !== undefined);
  const main = useRef<HTMLElement>(null);

  return (
    <div className="flex h-screen overflow-hidden">
      <nav
        aria-label={t('hub.nav.label')}
        className="flex w-56 shrink-0 flex-col border-r border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900/60"
      >
        <div className="flex items-center gap-2 px-4 pt-4 pb-3">
          <img src="/icon/32.png" alt="" className="size-5" />
          <span className="text-sm font-semibold tracking-tight">Hallway</span>
        </div>
        <ul className="flex flex-col gap-0.5 px-2">
          {[...NAV, ...(may(role, 'people.manage') ? [PEOPLE_NAV] : [])].map((entry) => {
            const active = entry.matches.includes(route.view);
            return (
              <li key={entry.label}>
                <a
                  href={hubHash(entry.route)}
                  aria-current={active ? 'page' : undefined}
                  className={`flex items-center justify-between rounded-md px-2.5 py-1.5 text-[13px] ${
                    active
                      ? 'bg-white font-medium text-zinc-900 shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-50 dark:ring-zinc-700'
                      : 'text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800'
                  }`}
                >
                  {entry.label}
                  <kbd className="font-mono text-[10px] text-zinc-400">g {entry.key}</kbd>
                </a>
              </li>
            );
          })}
        </ul>
        <div className="mt-auto flex flex-col gap-2 border-t border-zinc-200 p-3 text-xs dark:border-zinc-800">
          <div className="flex items-center justify-between gap-2">
            <span className="truncate text-zinc-600 dark:text-zinc-400" title={me?.workspace.name}>
              {me ? me.user.name : t('sync.status.disconnected')}
            </span>
            <Badge tone={role === 'admin' ? 'brand' : role === 'member' ? 'green' : 'neutral'}>
              {role ? roleName(role) : t('hub.offline')}
            </Badge>
          </div>
          <fieldset className="flex rounded-md bg-zinc-200/60 p-0.5 dark:bg-zinc-800">
            <legend className="sr-only">{t('options.theme.legend')}</legend>
            {(['system', 'light', 'dark'] as const).map((mode) => (
              <button
                key={mode}
                type="button"
                aria-pressed={theme === mode}
                onClick={() => chooseTheme(mode)}
                className={`flex-1 rounded px-1.5 py-0.5 capitalize ${theme === mode ? 'bg-white shadow-sm dark:bg-zinc-950' : 'text-zinc-500'}`}
              >
                {THEME_NAMES[mode]()}
              </button>
            ))}
          </fieldset>
        </div>
      </nav>
      <div className="flex min-w-0 flex-1 flex-col">
        <HeaderSearch route={route} status={<PendingWrites outbox={outbox} />} />
        <OutboxProblems outbox={outbox} />
        <main ref={main} className="flex min-h-0 flex-1 flex-col overflow-y-auto">
          <ErrorBoundary what={t('hub.thisView')} resetKey={hubHash(route)}>
            <RoutedView route={route} />
          </ErrorBoundary>
        </main>
      </div>
    </div>
  );
}

function HeaderSearch({ route, status }: { route: HubRoute; status: ReactNode }) {
  const [query, setQuery] = useState(route.view === 'search' ? route.query : '');
  useEffect(() => {
    if (route.view === 'search') setQuery(route.query);
  }, [route]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (query.trim()) navigate({ view: 'search', query: query.trim() });
  };
  return (
    <form onSubmit={submit} className="flex items-center gap-3 border-b border-zinc-200 px-6 py-2 dark:border-zinc-800">
      <TextInput
        data-hub-search="header"
        type="search"
        aria-label={t('hub.search.label')}
        placeholder={t('hub.search.placeholder')}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        className="max-w-md"
      />
      {status}
    </form>
  );
}

function LazyView<P extends object>({ chunk, props }: { chunk: Chunk<P>; props: P }) {
  const View = useChunk(chunk);
  return View ? (
    <>
      <View {...props} />
      <FirstRenderMark />
    </>
  ) : null;
}

function RoutedView({ route }: { route: HubRoute }) {
  switch (route.view) {
    case 'home':
      return (
        <>
          <HomeView />
          <FirstRenderMark />
        </>
      );
    case 'teams':
      return <LazyView chunk={views.teams} props={{}} />;
    case 'team':
      return <LazyView chunk={views.team} props={{ teamId: route.id }} />;
    case 'goals':
      return <LazyView chunk={views.goals} props={{}} />;
    case 'goal':
      return <LazyView chunk={views.goal} props={{ goalId: route.id }} />;
    case 'decisions':
      return <LazyView chunk={views.decisions} props={{ initialQuery: route.query ?? '' }} />;
    case 'decision':
      return <LazyView chunk={views.decision} props={{ decisionId: route.id }} />;
    case 'item':
      return <LazyView chunk={views.item} props={{ itemKey: route.key }} />;
    case 'rules':
      return <LazyView chunk={views.rules} props={{}} />;
    case 'connectors':
      return <LazyView chunk={views.connectors} props={{}} />;
    case 'snapshot':
      return <LazyView chunk={views.snapshot} props={{}} />;
    case 'search':
      return <LazyView chunk={views.search} props={{ query: route.query }} />;
    case 'settings':
      return <LazyView chunk={views.settings} props={{}} />;
    case 'people':
      return <LazyView chunk={views.people} props={{}} />;
    case 'reviews':
      return <LazyView chunk={views.reviews} props={{}} />;
    case 'digest':
      return <LazyView chunk={views.digest} props={{ teams: route.teams ?? 'mine', week: route.week ?? null }} />;
  }
}
