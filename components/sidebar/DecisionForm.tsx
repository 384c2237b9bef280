import { type FormEvent, useState } from 'react';
import type { Decision } from '../../utils/contract.ts';
import { Button } from '../ui/Button.tsx';
import { Field, TextArea, TextInput } from '../ui/Field.tsx';
import { safeHttpUrl } from '../ui/safe-url.ts';
import { type CurrentItem, itemInput, writeLocal } from './actions.ts';

/** Logs a decision about the item, or one that supersedes `replacing` (decisions are append-only). */
export function DecisionForm(props: {
  item: CurrentItem;
  teamId: string | null;
  goalId: string | null;
  replacing?: Decision;
  onClose(): void;
  onDone(message: string): void;
}) {
  const { item, replacing } = props;
  const [title, setTitle] = useState('');
  const [rationale, setRationale] = useState('');
  const [sourceUrl, setSourceUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) {
      setError('Say what was decided.');
      return;
    }
    if (sourceUrl && !safeHttpUrl(sourceUrl)) {
      setError('The source must be an http(s) link.');
      return;
    }
    setSaving(true);
    const failure = await writeLocal({
      kind: 'logDecision',
      decision: {
        title: title.trim(),
        rationale,
        decidedAt: new Date().toISOString(),
        decidedBy: 'You',
        teamId: replacing?.teamId ?? props.teamId,
        goalId: replacing?.goalId ?? props.goalId,
        itemKeys: replacing ? replacing.itemKeys : [],
        sourceUrl: sourceUrl || null,
        supersedes: replacing?.id ?? null,
      },
      item: itemInput(item),
    });
    setSaving(false);
    if (failure) setError(failure);
    else props.onDone(replacing ? `Logged a decision replacing "${replacing.title}"` : 'Decision logged');
  };

  return (
    <form
      onSubmit={(event) => void submit(event)}
      aria-label={replacing ? 'Supersede decision' : 'Log a decision'}
      className="flex flex-col gap-2.5 rounded-lg border border-zinc-200 bg-zinc-50 p-3 dark:border-zinc-800 dark:bg-zinc-900"
    >
      {replacing ? (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          Replaces <span className="font-medium text-zinc-900 dark:text-zinc-100">{replacing.title}</span>
        </p>
      ) : null}
      <Field label="Decision" error={error}>
        {(field) => (
          <TextInput {...field} autoFocus value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
        )}
      </Field>
      <Field label="Why">
        {(field) => (
          <TextArea {...field} value={rationale} maxLength={20_000} onChange={(e) => setRationale(e.target.value)} />
        )}
      </Field>
      <Field label="Source link" hint="Optional: where it was decided">
        {(field) => (
          <TextInput
            {...field}
            type="url"
            inputMode="url"
            placeholder="https://"
            value={sourceUrl}
            onChange={(e) => setSourceUrl(e.target.value)}
          />
        )}
      </Field>
      <div className="flex justify-end gap-2">
        <Button size="sm" variant="ghost" onClick={props.onClose}>
          Cancel
        </Button>
        <Button size="sm" variant="primary" type="submit" disabled={saving}>
          {replacing ? 'Supersede' : 'Log decision'}
        </Button>
      </div>
    </form>
  );
}
