import { useEffect, useMemo, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import type { Permission } from '../../utils/contract.ts';
import { hubUrl } from '../../utils/hub-links.ts';
import { t } from '../../utils/i18n.ts';
import { sendMessage } from '../../utils/messaging/client.ts';
import type { StaleWarning } from '../../utils/resolve/index.ts';
import { readSidebarSettings, writeSitePrefs } from '../../utils/sidebar-host/settings.ts';
import { itemName, readableItemId, TOOL_NAMES } from '../../utils/tools.ts';
import type { CurrentItem } from '../shared/item.ts';
import { roleName } from '../shared/role-name.ts';
import { StaleWarnings } from '../shared/StaleWarnings.tsx';
import { closePanel } from '../shared/side-panel.ts';
import { Badge } from '../ui/Badge.tsx';
import { Button } from '../ui/Button.tsx';
import { EmptyState } from '../ui/EmptyState.tsx';
import { ErrorBoundary } from '../ui/ErrorBoundary.tsx';
import { ActionsPauseContext, useActionsPaused } from '../ui/pause.ts';
import { useSettingsTheme } from '../ui/use-settings-theme.ts';
import { useActionGuard, useSidebarPause } from './action-guard.ts';
import { DecisionsSection } from './DecisionsSection.tsx';
import { LiveFeed, preloadActions } from './deferred.tsx';
import { GoalSection } from './GoalSection.tsx';
import type { LiveData, WriteStates } from './live-data.tsx';
import { NotesSection } from './NotesSection.tsx';
import { OwnerSection } from './OwnerSection.tsx';
import { RelatedSection } from './RelatedSection.tsx';
import { READY_MARK } from './ready-mark.ts';
import { useOnScreen } from './use-on-screen.ts';
import { type SidebarHostKind, type TabContext, useTabContext } from './use-tab-context.ts';

/** Closes the sidebar: the page's panel through its content script, or the browser's side panel itself. */
const closeIn = (host: SidebarHostKind) =>
  host === 'panel' ? closePanel : () => void sendMessage('sidebar.close', {});

/** The hub page a stale warning's subject opens. */
function staleLink(subject: NonNullable<StaleWarning['subject']> | NonNullable<StaleWarning['current']>) {
  const page = browser.runtime.getURL('/hub.html');
  if (subject.entity === 'rule') return hubUrl(page, { view: 'rules' });
  return hubUrl(page, { view: subject.entity, id: subject.id });
}
/** Until the live layer is in: no write is known to be pending, and the pickers have nothing to offer yet. */
const NO_WRITE_STATES: WriteStates = { byTouch: new Map(), link: () => undefined };
const NO_OPTIONS: LiveData['teams'] = [];
const NO_REFUSALS: LiveData['refusals'] = [];
const NO_NOTES: LiveData['notes'] = [];
const NO_MOVES: LiveData['movesOf'] = () => [];

/** Why nothing here can be changed, when the role (or the lack of a connection) is the reason. */
function ReadOnlyNote({ permissions }: { permissions: LiveData['permissions'] }) {
  if (!permissions || permissions.allowed.size > 0) return null;
  return (
    <p
      role="note"
      className="mb-4 rounded-md bg-zinc-100 px-3 py-2 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
    >
      {permissions.role ? t('sidebar.readOnly', { role: roleName(permissions.role) }) : t('sidebar.notConnected')}
    </p>
  );
}

/**
 * True once `start` has held and the browser had a moment to paint: the live layer then loads without delaying
 * the first render. A frame preloaded behind the hidden panel (the launcher's hover) waits until it is shown: its
 * zod, Dexie and live queries ran into the click otherwise and held up the open, and a preload the user never
 * clicks does not open the mirror at all.
 */
function useAfterFirstRender(start: boolean): boolean {
  const [after, setAfter] = useState(false);
  useEffect(() => {
    if (!start || after) return;
    const idle = requestIdleCallback(() => setAfter(true), { timeout: 100 });
    return () => cancelIdleCallback(idle);
  }, [start, after]);
  return after;
}

function useCurrentItem(context: TabContext | null): CurrentItem | null {
  const key = context?.item?.key;
  const title = context?.title ?? '';
  const facts = JSON.stringify(context?.context ?? {});
  // biome-ignore lint/correctness/useExhaustiveDependencies: the item changes with its key, title and facts only.
  return useMemo(
    () => (context?.item ? { ref: context.item, title, context: context.context } : null),
    [key, title, facts],
  );
}

/** Whether the frame has a size: false while it loads ahead of an open, inside the still hidden panel. */
function useShown(): boolean {
  const [shown, setShown] = useState(() => window.innerWidth > 0);
  useEffect(() => {
    const onResize = () => setShown(window.innerWidth > 0);
    window.addEventListener('resize', onResize);
    // The panel may have been shown between the first render and now, its resize event heard by no one.
    onResize();
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return shown;
}

/** Keyboard and focus: Escape closes; focus entering the frame lands on the title. */
function useFrameBehaviour(heading: React.RefObject<HTMLHeadingElement | null>, close: () => void) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && event.isTrusted && !event.defaultPrevented) close();
    };
    const onFocus = () => {
      if (document.activeElement === document.body) heading.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('focus', onFocus);
    // The frame may have taken focus before this ran (it is focused on load, and React mounts around then).
    if (document.hasFocus()) onFocus();
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('focus', onFocus);
    };
  }, [heading, close]);
}

function LayoutSwitch({ item }: { item: CurrentItem }) {
  const tool = item.ref.tool;
  const [mode, setMode] = useState<'overlay' | 'push' | null>(null);
  // Outside the actions' fieldset, so it reads the pause itself (the guard drops its clicks while paused anyway).
  const paused = useActionsPaused();
  useEffect(() => {
    void readSidebarSettings(browser.storage.local, tool).then((settings) => setMode(settings.prefs.mode));
  }, [tool]);
  if (!mode) return null;
  const next = mode === 'push' ? 'overlay' : 'push';
  const toggle = async () => {
    const { prefs } = await readSidebarSettings(browser.storage.local, tool);
    await writeSitePrefs(browser.storage.local, tool, { ...prefs, mode: next });
    setMode(next);
  };
  // Two named choices with the current one marked: a single button labelled "Overlay" could be the state or the
  // action, and people read it both ways.
  const choices = [
    { value: 'overlay', label: t('sidebar.layout.over'), title: t('sidebar.layout.overHint') },
    { value: 'push', label: t('sidebar.layout.beside'), title: t('sidebar.layout.besideHint') },
  ] as const;
  return (
    // Native radios sharing a name are announced as one group ("1 of 2"); no fieldset here, which would stand
    // before the actions' fieldset that the pause disables.
    <div className="flex flex-none rounded-md bg-zinc-100 p-0.5 dark:bg-zinc-800">
      {choices.map((choice) => (
        <label
          key={choice.value}
          title={choice.title}
          className={`cursor-pointer rounded px-1.5 py-0.5 text-[11px] font-medium has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500 ${
            mode === choice.value
              ? 'bg-white text-zinc-900 shadow-sm dark:bg-zinc-950 dark:text-zinc-100'
              : 'text-zinc-500 hover:text-zinc-800 dark:text-zinc-400 dark:hover:text-zinc-200'
          }`}
        >
          <input
            type="radio"
            className="sr-only"
            name={`layout-${tool}`}
            value={choice.value}
            checked={mode === choice.value}
            disabled={paused === 'covered'}
            aria-label={`${choice.title} (${TOOL_NAMES[tool]})`}
            onChange={() => void toggle()}
          />
          {choice.label}
        </label>
      ))}
    </div>
  );
}

/**
 * The one sidebar, in either host: `frame` inside the tool's page (the content script's panel), `panel` in the
 * browser's own side panel, following the window's active tab. Only closing and the in-page layout switch differ.
 */
export function SidebarApp({ host = 'frame' }: { host?: SidebarHostKind }) {
  useSettingsTheme();
  const context = useTabContext(host);
  const close = useMemo(() => closeIn(host), [host]);
  const item = useCurrentItem(context);
  const [live, setLive] = useState<LiveData | null>(null);

  // The background's one resolution, which comes with the item (never the previous item's answer as this one's),
  // and again with every mirror change about it. Undefined until the background has answered.
  const resolved = context?.resolved;
  const writeStates = live?.writeStates ?? NO_WRITE_STATES;
  const teams = live?.teams ?? NO_OPTIONS;
  const goals = live?.goals ?? NO_OPTIONS;
  const refusals = live?.refusals ?? NO_REFUSALS;
  // Until the live layer knows the role, nothing that writes is offered.
  const allowed = (permission: Permission) => live?.permissions?.allowed.has(permission) ?? false;
  const shown = useShown();
  const liveOn = useAfterFirstRender(context !== null && shown);
  const heading = useRef<HTMLHeadingElement>(null);
  const body = useRef<HTMLElement>(null);
  const onScreen = useOnScreen(body);
  const [announcement, setAnnouncement] = useState('');
  const [error, setError] = useState<string | null>(null);
  useFrameBehaviour(heading, close);
  useEffect(() => {
    if (liveOn) preloadActions();
  }, [liveOn]);

  // Only the user's own input, and only while the sidebar is seen: see utils/sidebar-host/pause.ts.
  const pause = useSidebarPause(context?.exposure, onScreen, item?.ref.key ?? null);
  useActionGuard(pause);
  const covered = pause.state === 'covered';
  const ready = context !== null && resolved !== undefined;
  useEffect(() => {
    // The first complete render the user can see, for the benchmark's open-to-render figure (a frame preloaded on
    // the launcher's hover renders while its panel is still hidden).
    if (ready && shown && performance.getEntriesByName(READY_MARK).length === 0) performance.mark(READY_MARK);
  }, [ready, shown]);
  const report = {
    onDone: (message: string) => {
      setError(null);
      setAnnouncement(message);
    },
    onError: (message: string) => setError(message),
  };

  const page = (
    <div
      className="flex h-screen flex-col"
      data-host={host}
      data-ready={ready ? 'true' : undefined}
      data-actions={pause.state}
    >
      <header className="flex items-start gap-2 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <span
          aria-hidden="true"
          className="mt-0.5 grid size-6 flex-none place-items-center rounded-md bg-brand-600 text-xs font-bold text-white"
        >
          H
        </span>
        <div className="min-w-0 flex-1">
          <h1
            ref={heading}
            tabIndex={-1}
            dir="auto"
            title={item?.title}
            className="line-clamp-2 break-words rounded-sm text-sm font-semibold leading-5"
          >
            {item ? itemName(item) : 'Hallway'}
          </h1>
          {item ? (
            <p className="mt-0.5 flex items-center gap-1.5 text-xs text-zinc-500 dark:text-zinc-400">
              <Badge>{TOOL_NAMES[item.ref.tool]}</Badge>
              {readableItemId(item.ref) ? <span className="truncate">{readableItemId(item.ref)}</span> : null}
            </p>
          ) : null}
        </div>
        {item && host === 'frame' ? <LayoutSwitch item={item} /> : null}
        <Button size="sm" variant="ghost" aria-label={t('sidebar.close')} pauseExempt onClick={close}>
          ✕
        </Button>
      </header>
      <main
        ref={body}
        aria-label="Hallway"
        aria-busy={!ready}
        // Once the role is known (and with it what is offered); "none" before Hallway is connected.
        data-role={live?.permissions ? (live.permissions.role ?? 'none') : undefined}
        className="flex-1 overflow-y-auto px-4 py-4"
      >
        {covered && item ? (
          <p
            role="status"
            className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:bg-amber-500/10 dark:text-amber-200"
          >
            {t('sidebar.paused')}
          </p>
        ) : null}
        {error ? (
          <p
            role="alert"
            className="mb-4 rounded-md bg-red-50 px-3 py-2 text-xs text-red-800 dark:bg-red-500/10 dark:text-red-200"
          >
            {error}
          </p>
        ) : null}
        {item ? <ReadOnlyNote permissions={live?.permissions} /> : null}
        {!item ? (
          <EmptyState title={t('sidebar.noItem')}>{t('sidebar.noItemHint')}</EmptyState>
        ) : resolved ? (
          <ErrorBoundary what={t('sidebar.thisItem')} resetKey={item.ref.key}>
            <fieldset disabled={covered} className="flex min-w-0 flex-col gap-6">
              <legend className="sr-only">{t('sidebar.aboutItem')}</legend>
              <StaleWarnings warnings={resolved.stale ?? []} allowed={allowed} linkTo={staleLink} {...report} />
              <OwnerSection
                item={item}
                resolved={resolved}
                teams={teams}
                writeStates={writeStates}
                canWrite={allowed('link.write')}
                refusals={refusals}
                {...report}
              />
              <GoalSection
                item={item}
                resolved={resolved}
                goals={goals}
                writeStates={writeStates}
                canWrite={allowed('link.write')}
                refusals={refusals}
                {...report}
              />
              <DecisionsSection
                item={item}
                resolved={resolved}
                writeStates={writeStates}
                canWrite={allowed('decision.write')}
                refusals={refusals}
                movesOf={live?.movesOf ?? NO_MOVES}
                me={live?.me}
                {...report}
              />
              <NotesSection notes={live?.notes ?? NO_NOTES} writeStates={writeStates} refusals={refusals} />
              <RelatedSection
                item={item}
                resolved={resolved}
                writeStates={writeStates}
                canWrite={allowed('link.write')}
                refusals={refusals}
                {...report}
              />
            </fieldset>
          </ErrorBoundary>
        ) : null}
      </main>
      {liveOn ? <LiveFeed item={item} resolved={resolved} onChange={setLive} /> : null}
      <div aria-live="polite" className="sr-only">
        {announcement}
      </div>
    </div>
  );
  return <ActionsPauseContext.Provider value={pause}>{page}</ActionsPauseContext.Provider>;
}
