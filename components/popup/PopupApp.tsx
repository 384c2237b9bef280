import { type KeyboardEvent, lazy, type ReactNode, Suspense, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { hubUrl } from '../../utils/hub-links.ts';
import { t } from '../../utils/i18n.ts';
import { may } from '../../utils/roles.ts';
import { ItemCard } from '../capture/ItemCard.tsx';
import { DecisionForm } from '../decision/DecisionForm.tsx';
import type { SavedWrite } from '../shared/item.ts';
import { RoleNotice } from '../shared/RoleNotice.tsx';
import { canOpenPanel, openPanel, panelWindow } from '../shared/side-panel.ts';
import { useRole } from '../shared/use-role.ts';
import { WriteStatus } from '../shared/WriteStatus.tsx';
import { Button } from '../ui/Button.tsx';
import { useSettingsTheme } from '../ui/use-settings-theme.ts';
import { useCurrentTab } from './use-current-tab.ts';

// Parts the first render does not need (later.ts): each shows once its module is in, the form does not wait.
const later = () => import('./later.ts');
const SiteSwitch = lazy(() => later().then((parts) => ({ default: parts.SiteSwitch })));
const PopupSignIn = lazy(() => later().then((parts) => ({ default: parts.PopupSignIn })));
const SiteAccessNotice = lazy(() => later().then((parts) => ({ default: parts.SiteAccessNotice })));
const LinkForm = lazy(() => later().then((parts) => ({ default: parts.LinkForm })));
const ReviewsDue = lazy(() => later().then((parts) => ({ default: parts.ReviewsDue })));
const SyncLine = lazy(() => later().then((parts) => ({ default: parts.SyncLine })));
const Later = ({ children }: { children: ReactNode }) => <Suspense fallback={null}>{children}</Suspense>;

/**
 * The toolbar's way to the browser's side panel (the sidebar for the window's active tab): opened within the click,
 * then the popup closes, as the panel takes its place.
 */
function SidePanelButton() {
  useEffect(() => {
    void panelWindow().catch(() => undefined);
  }, []);
  if (!canOpenPanel()) return null;
  const open = () => {
    void openPanel()
      .then(() => window.close())
      .catch(() => undefined);
  };
  return (
    <Button size="sm" variant="ghost" title={t('popup.sidePanelTitle')} onClick={open}>
      {t('popup.sidePanel')}
    </Button>
  );
}

type Mode = 'decision' | 'note' | 'link';
const MODES: { mode: Mode; label: () => string }[] = [
  { mode: 'decision', label: () => t('popup.mode.decision') },
  { mode: 'note', label: () => t('popup.mode.note') },
  { mode: 'link', label: () => t('popup.mode.link') },
];

/**
 * Quick capture from the toolbar: opens with the cursor in the title of a new decision about the current tab's
 * item; Alt+1/2/3 switch to decision, note or link. Each save lands in the outbox at once and shows its sync state.
 */
export function PopupApp() {
  useSettingsTheme();
  const tab = useCurrentTab();
  const [mode, setMode] = useState<Mode>('decision');
  const [saved, setSaved] = useState<SavedWrite[]>([]);
  // The form shows while the role loads (the popup is for typing at once); a role that may not capture replaces it.
  const role = useRole();
  const permission = mode === 'link' ? 'link.write' : 'decision.write';
  const refused = role !== undefined && !may(role, permission);

  useEffect(() => {
    // The title field is focused as this first commit lands: the popup is ready for typing (see bench-search.ts).
    performance.mark('hallway:popup-ready');
  }, []);

  const onKeyDown = (event: KeyboardEvent) => {
    const picked = event.altKey ? MODES[Number(event.key) - 1] : undefined;
    if (!picked) return;
    event.preventDefault();
    setMode(picked.mode);
  };

  const item = tab?.item ?? null;
  return (
    <main className="flex w-[380px] flex-col gap-3 p-3" onKeyDown={onKeyDown}>
      <header className="flex items-center gap-2">
        <h1 className="text-sm font-semibold">Hallway</h1>
        {item ? (
          <Later>
            <SiteSwitch tool={item.ref.tool} />
          </Later>
        ) : null}
        <span className="ml-auto" />
        <SidePanelButton />
        <a
          className="text-[11px] text-brand-600 hover:underline dark:text-brand-100"
          href={hubUrl(browser.runtime.getURL('/hub.html'), { view: 'home' })}
          target="_blank"
          rel="noreferrer"
        >
          {t('popup.openHub')}
        </a>
      </header>
      <Later>
        <PopupSignIn />
      </Later>
      <Later>
        <SiteAccessNotice />
      </Later>
      {tab ? <ItemCard item={item} empty={t('popup.noItem')} /> : null}
      <div className="flex gap-1" role="tablist" aria-label={t('popup.capture')}>
        {MODES.map(({ mode: each, label }, index) => (
          <Button
            key={each}
            size="sm"
            role="tab"
            aria-selected={mode === each}
            variant={mode === each ? 'primary' : 'ghost'}
            disabled={each === 'link' && !item}
            title={t('popup.modeShortcut', { key: index + 1 })}
            onClick={() => setMode(each)}
          >
            {label()}
          </Button>
        ))}
      </div>
      {refused ? (
        <RoleNotice
          role={role}
          what={
            mode === 'link' ? t('popup.roleLinking') : mode === 'note' ? t('popup.roleNotes') : t('popup.roleDecisions')
          }
        />
      ) : mode === 'link' && item ? (
        <Later>
          <LinkForm item={item} onSaved={(write) => setSaved((list) => [write, ...list])} />
        </Later>
      ) : (
        <DecisionForm
          key={`${mode}-${saved.length}`}
          kind={mode === 'note' ? 'note' : 'decision'}
          item={item}
          prefill={{
            teamId: tab?.teamId ?? null,
            goalId: tab?.goalId ?? null,
            quote: null,
            sourceUrl: tab?.url ?? null,
          }}
          onSaved={(write) => setSaved((list) => [write, ...list])}
        />
      )}
      {saved.length > 0 ? (
        <ul className="flex flex-col gap-1" aria-label={t('popup.saved')}>
          {saved.slice(0, 3).map((write) => (
            <li key={write.mutationIds.join()} className="flex items-center gap-2 text-xs">
              <span className="min-w-0 flex-1 truncate" title={write.title}>
                {write.title}
              </span>
              <WriteStatus mutationIds={write.mutationIds} />
            </li>
          ))}
        </ul>
      ) : null}
      <Later>
        <ReviewsDue />
      </Later>
      <Later>
        <SyncLine />
      </Later>
    </main>
  );
}
