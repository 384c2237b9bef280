import { useLiveQuery } from 'dexie-react-hooks';
import { type FormEvent, type KeyboardEvent, useEffect, useMemo, useState } from 'react';
import type { Decision } from '../../utils/contract.ts';
import { readLocalUser } from '../../utils/db/local-user.ts';
import { t } from '../../utils/i18n.ts';
import { safeHttpUrl } from '../../utils/safe-url.ts';
import { shortDate } from '../../utils/time.ts';
import { searchAmong } from '../shared/engine-search.ts';
import { type CurrentItem, decisionWrite, itemInput, noteWrite, type SavedWrite, writeLocal } from '../shared/item.ts';
import { mirrorDb } from '../shared/mirror-db.ts';
import { usePickOptions } from '../shared/use-pick-options.ts';
import { Button } from '../ui/Button.tsx';
import { Field, TextArea, TextInput } from '../ui/Field.tsx';
import { PickField } from '../ui/PickField.tsx';
import { useActionsPaused } from '../ui/pause.ts';

export interface DecisionPrefill {
  teamId: string | null;
  goalId: string | null;
  quote: string | null;
  sourceUrl: string | null;
}

interface DecisionFormProps {
  /** A note is its own entity: kept about the item, never shown or counted as a decision, with no lifecycle. */
  kind: 'decision' | 'note';
  item: CurrentItem | null;
  prefill: DecisionPrefill;
  /**
   * The decision this one replaces, chosen before the form opened (the sidebar's "Supersede"): its team, goal and
   * items carry over. Decisions are append-only, so a change of mind is a new decision that supersedes the old.
   */
  replacing?: Decision;
  /** Asks for the source link (the sidebar, which has no captured source) instead of keeping `prefill.sourceUrl`. */
  askSource?: boolean;
  onSaved(saved: SavedWrite): void;
  /** Shows a Cancel button (the sidebar, where the form opens inline). */
  onCancel?(): void;
}

/**
 * The one "log a decision" form, in the popup, the capture window and the sidebar: title, rationale, team and goal,
 * the quote and source it was captured from, and a duplicate check that offers to supersede a similar current
 * decision. Ctrl/Cmd+Enter saves from any field.
 */
export function DecisionForm({ kind, item, prefill, replacing, askSource, onSaved, onCancel }: DecisionFormProps) {
  const [title, setTitle] = useState('');
  const [rationale, setRationale] = useState('');
  const [sourceUrl, setSourceUrl] = useState('');
  const [teamId, setTeamId] = useState(replacing?.teamId ?? prefill.teamId);
  const [goalId, setGoalId] = useState(replacing?.goalId ?? prefill.goalId);
  const [supersedes, setSupersedes] = useState<Decision | null>(replacing ?? null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { teams, goals } = usePickOptions();
  const searchTeams = searchAmong(['team'], teams);
  const searchGoals = searchAmong(['goal'], goals);
  // In the sidebar, saving obeys the action pause like every control (Ctrl+Enter included).
  const paused = useActionsPaused();
  // The popup shows the form before the current tab's item is resolved: take the team and goal when they arrive.
  useEffect(() => setTeamId(replacing?.teamId ?? prefill.teamId), [replacing, prefill.teamId]);
  useEffect(() => setGoalId(replacing?.goalId ?? prefill.goalId), [replacing, prefill.goalId]);

  const itemKey = item?.ref.key ?? null;
  const related = useLiveQuery(async () => {
    const db = mirrorDb();
    const [aboutItem, onGoal] = await Promise.all([
      itemKey ? db.decisions.where('itemKeys').equals(itemKey).toArray() : [],
      goalId ? db.decisions.where('goalId').equals(goalId).toArray() : [],
    ]);
    return [...new Map([...aboutItem, ...onGoal].map((decision) => [decision.id, decision])).values()];
  }, [itemKey, goalId]);
  // The duplicate check (fuse.js) loads after the form's first render: the popup opens with the title focused first.
  const [duplicates, setDuplicates] = useState<typeof import('./duplicates.ts') | null>(null);
  useEffect(() => {
    let live = true;
    void import('./duplicates.ts').then((loaded) => live && setDuplicates(loaded));
    return () => {
      live = false;
    };
  }, []);
  const similar = useMemo(
    () =>
      (duplicates?.similarDecisions(title, related ?? [], { itemKey, goalId }) ?? []).filter(
        (d) => d.id !== supersedes?.id,
      ),
    [duplicates, title, related, itemKey, goalId, supersedes],
  );

  async function save(event?: FormEvent) {
    event?.preventDefault();
    if (saving || paused) return;
    if (!title.trim()) {
      setError(kind === 'note' ? 'A title says what the note is about.' : 'A title says what was decided.');
      return;
    }
    if (askSource && sourceUrl && !safeHttpUrl(sourceUrl)) {
      setError('The source must be an http(s) link.');
      return;
    }
    setSaving(true);
    setError(null);
    const source = askSource ? sourceUrl || null : prefill.sourceUrl;
    const captured = item ? itemInput(item) : undefined;
    const result = await writeLocal(
      kind === 'note'
        ? noteWrite(
            { title: title.trim(), body: rationale, teamId, goalId, quote: prefill.quote, sourceUrl: source },
            captured,
          )
        : decisionWrite(
            {
              title: title.trim(),
              rationale,
              status: 'accepted',
              decidedAt: new Date().toISOString(),
              decidedBy: (await readLocalUser(mirrorDb())).name,
              teamId,
              goalId,
              // A supersede offered by the duplicate check is about this item (or goal) only.
              itemKeys: supersedes && supersedes === replacing ? replacing.itemKeys : [],
              quote: prefill.quote,
              sourceUrl: source,
              supersedes: supersedes?.id ?? null,
            },
            captured,
          ),
    );
    setSaving(false);
    if (!result.ok) {
      setError(t('popup.link.notSaved', { reason: result.error.message }));
      return;
    }
    onSaved({ id: result.value.ids.at(-1) ?? '', title: title.trim(), mutationIds: result.value.mutationIds });
  }

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void save();
  };

  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={save}
      onKeyDown={onKeyDown}
      aria-label={kind === 'note' ? t('decision.form.logNote') : t('decision.form.logDecision')}
    >
      <Field label={kind === 'note' ? t('popup.mode.note') : t('decision.form.what')} error={error}>
        {(field) => (
          <TextInput
            {...field}
            autoFocus
            maxLength={200}
            value={title}
            placeholder={kind === 'note' ? t('decision.form.notePlaceholder') : t('decision.form.placeholder')}
            onChange={(event) => setTitle(event.target.value)}
          />
        )}
      </Field>
      {kind === 'decision' && similar[0] ? (
        <div
          role="status"
          className="rounded-md border border-amber-300 bg-amber-50 p-2 text-xs text-amber-900 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-200"
        >
          <p>
            {t('decision.form.similar')} <strong className="break-words">“{similar[0].title}”</strong>{' '}
            {t('decision.form.similarAfter', { date: shortDate(similar[0].decidedAt) })}
          </p>
          <Button size="sm" className="mt-1.5" onClick={() => setSupersedes(similar[0] ?? null)}>
            {t('decision.form.supersedeIt')}
          </Button>
        </div>
      ) : null}
      {supersedes ? (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          {t('decision.form.supersedes')} <strong className="break-words">“{supersedes.title}”</strong>{' '}
          <Button variant="link" size="inline" onClick={() => setSupersedes(null)}>
            {t('decision.form.undo')}
          </Button>
        </p>
      ) : null}
      <Field label={kind === 'note' ? t('decision.form.details') : t('decision.form.why')}>
        {(field) => (
          <TextArea
            {...field}
            rows={3}
            maxLength={20_000}
            value={rationale}
            onChange={(event) => setRationale(event.target.value)}
          />
        )}
      </Field>
      {askSource ? (
        <Field label={t('decision.form.source')} hint={t('decision.form.sourceHint')}>
          {(field) => (
            <TextInput
              {...field}
              type="url"
              inputMode="url"
              placeholder="https://"
              value={sourceUrl}
              onChange={(event) => setSourceUrl(event.target.value)}
            />
          )}
        </Field>
      ) : null}
      <PickField label={t('common.team')} options={teams} search={searchTeams} value={teamId} onChange={setTeamId} />
      <PickField label={t('common.goal')} options={goals} search={searchGoals} value={goalId} onChange={setGoalId} />
      <div className="flex items-center justify-end gap-2">
        <span className="text-[11px] text-zinc-500 dark:text-zinc-400">{t('decision.form.shortcut')}</span>
        {onCancel ? (
          <Button variant="ghost" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        ) : null}
        <Button type="submit" variant="primary" disabled={saving}>
          {supersedes
            ? t('decision.form.saveSupersede')
            : kind === 'note'
              ? t('decision.form.saveNote')
              : t('decision.log')}
        </Button>
      </div>
    </form>
  );
}
