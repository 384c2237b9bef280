/**
 * The words of a write the server refused or that conflicts, shown in full where the refusal is listed (hub, options),
 * so nothing the user typed disappears with it; a refused write with text can be edited there and sent again.
 */
import { useState } from 'react';
import type { LocalWrite } from '../../utils/db/commands.ts';
import type { OutboxRow } from '../../utils/db/schema.ts';
import { textsOf } from '../../utils/db/write-text.ts';
import { say, t } from '../../utils/i18n.ts';
import type { Result } from '../../utils/messaging/protocol.ts';
import { Button } from '../ui/Button.tsx';
import { Field, TextArea } from '../ui/Field.tsx';
import { writeLocal } from './item.ts';

export function RefusedWriteText({
  row,
  write = writeLocal,
}: {
  row: OutboxRow;
  /** Sends a local write (the background's, unless a test says otherwise); a refusal's message is shown. */
  write?: (write: LocalWrite) => Promise<Result<unknown>>;
}) {
  const texts = textsOf(row.mutation);
  const [draft, setDraft] = useState<Record<string, string> | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (texts.length === 0) return null;
  if (draft === null) {
    return (
      <div className="flex flex-col gap-1">
        <dl aria-label={t('refused.whatYouWrote')} className="flex flex-col gap-0.5 text-[11px]">
          {texts.map(({ field, label, value }) => (
            <div key={field} className="flex gap-1.5">
              <dt className="shrink-0 font-medium">{say(label)}:</dt>
              <dd className="min-w-0 whitespace-pre-wrap break-words" data-write-text={field}>
                {value || '—'}
              </dd>
            </div>
          ))}
        </dl>
        {row.status === 'rejected' ? (
          <div>
            <Button
              size="sm"
              variant="ghost"
              onClick={() => setDraft(Object.fromEntries(texts.map(({ field, value }) => [field, value])))}
            >
              {t('common.edit')}
            </Button>
          </div>
        ) : null}
      </div>
    );
  }
  const send = async () => {
    setError(null);
    const result = await write({ kind: 'editRefused', mutationId: row.mutationId, texts: draft });
    if (result.ok) setDraft(null);
    else setError(result.error.message);
  };
  return (
    <form
      aria-label={t('refused.editForm')}
      className="flex flex-col gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      {texts.map(({ field, label }) => (
        <Field key={field} label={say(label)}>
          {(props) => (
            <TextArea
              {...props}
              value={draft[field] ?? ''}
              onChange={(event) => setDraft({ ...draft, [field]: event.target.value })}
            />
          )}
        </Field>
      ))}
      {error ? (
        <p role="alert" className="text-xs text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
      <div className="flex gap-1">
        <Button size="sm" type="submit">
          {t('refused.sendAgain')}
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setDraft(null)}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
