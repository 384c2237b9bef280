import { useEffect, useState } from 'react';
import { type CaptureDraft, createDraftStore, QUOTE_MAX } from '../../utils/background/capture-draft.ts';
import { may } from '../../utils/contract.ts';
import { formatNumber, t } from '../../utils/i18n.ts';
import { DecisionForm } from '../decision/DecisionForm.tsx';
import type { SavedWrite } from '../shared/item.ts';
import { RoleNotice } from '../shared/RoleNotice.tsx';
import { useRole } from '../shared/use-role.ts';
import { WriteStatus } from '../shared/WriteStatus.tsx';
import { Button } from '../ui/Button.tsx';
import { EmptyState } from '../ui/EmptyState.tsx';
import { useSettingsTheme } from '../ui/use-settings-theme.ts';
import { ItemCard } from './ItemCard.tsx';

/** What the form says about the quote: what was captured, or why there is none. */
function QuoteBlock({ draft }: { draft: CaptureDraft }) {
  const { quoteState } = draft;
  if (quoteState.kind === 'none') {
    return (
      <p className="text-xs text-zinc-500 dark:text-zinc-400" data-quote-state={quoteState.reason}>
        {quoteState.reason === 'blank' ? t('capture.blankSelection') : t('capture.noSelection')}
      </p>
    );
  }
  return (
    <figure className="flex flex-col gap-1">
      {quoteState.kind === 'truncated' ? (
        <p role="alert" className="text-xs text-amber-700 dark:text-amber-300" data-quote-state="truncated">
          {t('capture.truncated', {
            length: formatNumber(quoteState.originalLength),
            max: formatNumber(QUOTE_MAX),
          })}
        </p>
      ) : null}
      <blockquote className="max-h-28 overflow-y-auto whitespace-pre-wrap break-words border-l-2 border-brand-500 pl-2 text-xs text-zinc-700 dark:text-zinc-300">
        {draft.quote}
      </blockquote>
    </figure>
  );
}

/** The focused "Log decision" window opened from the context menu, prefilled from the click. */
export function CaptureApp({ draftId }: { draftId: string | null }) {
  useSettingsTheme();
  const [draft, setDraft] = useState<CaptureDraft | null | undefined>(undefined);
  const [saved, setSaved] = useState<SavedWrite | null>(null);
  const role = useRole();

  useEffect(() => {
    if (!draftId) {
      setDraft(null);
      return;
    }
    void createDraftStore().read(draftId).then(setDraft);
  }, [draftId]);

  if (draft === undefined) return null;
  if (draft === null) {
    return (
      <main className="p-4">
        <EmptyState title={t('capture.expired')}>{t('capture.expiredHint')}</EmptyState>
      </main>
    );
  }

  const finish = async (write: SavedWrite) => {
    setSaved(write);
    if (draftId) await createDraftStore().forget(draftId);
  };

  return (
    <main className="flex flex-col gap-3 p-4">
      <h1 className="text-sm font-semibold">{t('decision.log')}</h1>
      <ItemCard item={draft.item} empty={t('capture.noItem')} />
      {draft.sourceUrl ? (
        <p className="truncate text-[11px] text-zinc-500 dark:text-zinc-400" title={draft.sourceUrl}>
          {t('capture.source', { url: draft.sourceUrl })}
        </p>
      ) : null}
      <QuoteBlock draft={draft} />
      {role !== undefined && !may(role, 'decision.write') ? (
        <RoleNotice role={role} what={t('popup.roleDecisions')} />
      ) : saved ? (
        <section className="flex flex-col gap-2" aria-label={t('capture.saved')}>
          <p className="text-[13px]">
            {t('capture.logged')} <strong className="break-words">“{saved.title}”</strong>.
          </p>
          <WriteStatus mutationIds={saved.mutationIds} />
          <Button variant="primary" className="self-end" autoFocus onClick={() => window.close()}>
            {t('common.close')}
          </Button>
        </section>
      ) : (
        <DecisionForm
          kind="decision"
          item={draft.item}
          prefill={{ teamId: draft.teamId, goalId: draft.goalId, quote: draft.quote, sourceUrl: draft.sourceUrl }}
          onSaved={(write) => void finish(write)}
        />
      )}
    </main>
  );
}
