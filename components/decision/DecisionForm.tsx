import { useLiveQuery } from 'dexie-react-hooks';
import { type FormEvent, type KeyboardEvent, useEffect, useMemo, useState } from 'react';
import type { Decision, ItemContext, ItemRef } from '../../utils/contract.ts';
import { sendMessage } from '../../utils/messaging/client.ts';
import { Button } from '../ui/Button.tsx';
import { Field, TextArea, TextInput } from '../ui/Field.tsx';
import { shortDate } from '../ui/time.ts';
import { captureDb } from './capture-db.ts';
import { similarDecisions } from './duplicates.ts';
import { PickField } from './PickField.tsx';
import { usePickOptions } from './use-pick-options.ts';

export interface CapturedItem {
  ref: ItemRef;
  title: string;
  context: ItemContext;
}

export interface DecisionPrefill {
  teamId: string | null;
  goalId: string | null;
  quote: string | null;
  sourceUrl: string | null;
}

export interface SavedWrite {
  id: string;
  title: string;
  mutationIds: string[];
}

interface DecisionFormProps {
  /** A note is kept as a proposed decision: the contract has no separate note, and it can be accepted later. */
  kind: 'decision' | 'note';
  item: CapturedItem | null;
  prefill: DecisionPrefill;
  onSaved(saved: SavedWrite): void;
}

/**
 * The "log a decision" form shared by the popup and the capture window: title, rationale, team and goal, the quote
 * and source it was captured from, and a duplicate check that offers to supersede a similar current decision.
 * Ctrl/Cmd+Enter saves from any field.
 */
export function DecisionForm({ kind, item, prefill, onSaved }: DecisionFormProps) {
  const [title, setTitle] = useState('');
  const [rationale, setRationale] = useState('');
  const [teamId, setTeamId] = useState(prefill.teamId);
  const [goalId, setGoalId] = useState(prefill.goalId);
  const [supersedes, setSupersedes] = useState<Decision | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { teams, goals } = usePickOptions();
  // The popup shows the form before the current tab's item is resolved: take the team and goal when they arrive.
  useEffect(() => setTeamId(prefill.teamId), [prefill.teamId]);
  useEffect(() => setGoalId(prefill.goalId), [prefill.goalId]);
  const actor = useLiveQuery(async () => (await captureDb().credentials.get('main'))?.me?.user.name ?? 'You', []);

  const itemKey = item?.ref.key ?? null;
  const related = useLiveQuery(async () => {
    const db = captureDb();
    const [aboutItem, onGoal] = await Promise.all([
      itemKey ? db.decisions.where('itemKeys').equals(itemKey).toArray() : [],
      goalId ? db.decisions.where('goalId').equals(goalId).toArray() : [],
    ]);
    return [...new Map([...aboutItem, ...onGoal].map((decision) => [decision.id, decision])).values()];
  }, [itemKey, goalId]);
  const similar = useMemo(
    () => similarDecisions(title, related ?? [], { itemKey, goalId }).filter((d) => d.id !== supersedes?.id),
    [title, related, itemKey, goalId, supersedes],
  );

  async function save(event?: FormEvent) {
    event?.preventDefault();
    if (!title.trim() || saving) {
      if (!title.trim()) setError('A title says what was decided.');
      return;
    }
    setSaving(true);
    setError(null);
    const answer = await sendMessage('mirror.write', {
      kind: 'logDecision',
      decision: {
        title: title.trim(),
        rationale,
        status: kind === 'note' ? 'proposed' : 'accepted',
        decidedAt: new Date().toISOString(),
        decidedBy: actor ?? 'You',
        teamId,
        goalId,
        itemKeys: [],
        quote: prefill.quote,
        sourceUrl: prefill.sourceUrl,
        supersedes: supersedes?.id ?? null,
      },
      item: item ?? undefined,
    });
    setSaving(false);
    if (!answer.ok) {
      setError(`Not saved: ${answer.error.message}`);
      return;
    }
    onSaved({ id: answer.value.ids.at(-1) ?? '', title: title.trim(), mutationIds: answer.value.mutationIds });
  }

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void save();
  };

  return (
    <form className="flex flex-col gap-3" onSubmit={save} onKeyDown={onKeyDown} aria-label={`Log a ${kind}`}>
      <Field label={kind === 'note' ? 'Note' : 'What was decided'} error={error}>
        {(field) => (
          <TextInput
            {...field}
            autoFocus
            maxLength={200}
            value={title}
            placeholder={kind === 'note' ? 'e.g. Legal wants a review before launch' : 'e.g. Use Adyen for EU cards'}
            onChange={(event) => setTitle(event.target.value)}
          />
        )}
      </Field>
      {similar[0] ? (
        <div
          role="status"
          className="rounded-md border border-amber-300 bg-amber-50 p-2 text-xs text-amber-900 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-200"
        >
          <p>
            A similar decision exists: <strong className="break-words">“{similar[0].title}”</strong> (
            {shortDate(similar[0].decidedAt)}). If this replaces it, supersede it instead of logging a duplicate.
          </p>
          <Button size="sm" className="mt-1.5" onClick={() => setSupersedes(similar[0] ?? null)}>
            Supersede it
          </Button>
        </div>
      ) : null}
      {supersedes ? (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          Supersedes <strong className="break-words">“{supersedes.title}”</strong>{' '}
          <button type="button" className="underline" onClick={() => setSupersedes(null)}>
            undo
          </button>
        </p>
      ) : null}
      <Field label="Why (optional)">
        {(field) => (
          <TextArea {...field} rows={3} value={rationale} onChange={(event) => setRationale(event.target.value)} />
        )}
      </Field>
      <PickField label="Team" options={teams} value={teamId} onChange={setTeamId} />
      <PickField label="Goal" options={goals} value={goalId} onChange={setGoalId} />
      <div className="flex items-center justify-end gap-2">
        <span className="text-[11px] text-zinc-500 dark:text-zinc-400">Ctrl+Enter</span>
        <Button type="submit" variant="primary" disabled={saving}>
          {supersedes ? 'Save and supersede' : kind === 'note' ? 'Save note' : 'Log decision'}
        </Button>
      </div>
    </form>
  );
}
