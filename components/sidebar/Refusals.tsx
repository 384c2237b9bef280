import { useState } from 'react';
import { t } from '../../utils/i18n.ts';
import { writeLocal } from '../shared/item.ts';
import { Button } from '../ui/Button.tsx';
import type { Refusal, RefusalPlace } from './refusals.ts';

/**
 * Writes made in this section that the server refused, each with the server's reason. The change itself is already
 * taken back (the section shows what the server holds); "Dismiss" drops the refused write from the outbox.
 */
export function Refusals({ refusals, place }: { refusals: readonly Refusal[]; place: RefusalPlace }) {
  const here = refusals.filter((refusal) => refusal.place === place);
  const [error, setError] = useState<string | null>(null);
  if (here.length === 0) return null;
  const dismiss = async (refusal: Refusal) => {
    for (const mutationId of [refusal.mutationId, ...refusal.companions]) {
      const result = await writeLocal({ kind: 'discardWrite', mutationId });
      // A companion another refusal dismissed already is gone: only the refusal's own row must succeed.
      if (!result.ok && mutationId === refusal.mutationId) setError(result.error.message);
    }
  };
  return (
    <ul aria-label={t('refused.list')} className="flex flex-col gap-1.5">
      {here.map((refusal) => (
        <li
          key={refusal.mutationId}
          role="alert"
          className="flex flex-col gap-1 rounded-md bg-red-50 px-3 py-2 text-xs text-red-800 dark:bg-red-500/10 dark:text-red-200"
        >
          <p>
            <span className="font-semibold">{t('sidebar.refusal.notSaved', { what: refusal.what })}</span>{' '}
            {t('sidebar.refusal.takenBack', { reason: refusal.reason })}
          </p>
          <div>
            <Button size="sm" variant="ghost" onClick={() => void dismiss(refusal)}>
              {t('sidebar.refusal.dismiss')}
            </Button>
          </div>
        </li>
      ))}
      {error ? <li className="text-xs text-red-700">{error}</li> : null}
    </ul>
  );
}
