import { useState } from 'react';
import { t } from '../../../utils/i18n.ts';
import { attempt } from '../../ui/attempt.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorText } from '../../ui/ErrorText.tsx';

/**
 * "Delete" with a confirmation step. While something still refers to the entity the button stays off and says what
 * to change first: the server would refuse the delete, and a refused write is worse than an honest "not yet".
 */
export function DeleteAction(props: { what: string; references: readonly string[]; onDelete(): Promise<unknown> }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const blocked = props.references.length > 0;
  if (confirming) {
    return (
      <fieldset aria-label={t('hub.delete.label', { what: props.what })} className="flex items-center gap-2">
        <span className="text-xs text-zinc-600 dark:text-zinc-400">
          {t('hub.delete.confirm', { what: props.what })}
        </span>
        <Button
          variant="danger"
          onClick={() => void attempt(props.onDelete, setError).then((done) => done || setConfirming(false))}
        >
          {t('hub.delete.delete')}
        </Button>
        <Button variant="ghost" onClick={() => setConfirming(false)}>
          {t('hub.delete.keep')}
        </Button>
      </fieldset>
    );
  }
  return (
    <span className="flex flex-col items-end gap-1">
      <Button
        variant="ghost"
        disabled={blocked}
        title={blocked ? t('hub.delete.stillUsed', { names: props.references.join(', ') }) : undefined}
        onClick={() => setConfirming(true)}
      >
        {t('hub.delete.label', { what: props.what })}
      </Button>
      {blocked ? (
        <span className="text-[11px] text-zinc-500 dark:text-zinc-400">
          {t('hub.delete.usedBy', { names: props.references.join(', ') })}
        </span>
      ) : null}
      <ErrorText>{error}</ErrorText>
    </span>
  );
}
