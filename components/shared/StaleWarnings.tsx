import { useState } from 'react';
import type { Permission } from '../../utils/contract.ts';
import { say, sayAll, t } from '../../utils/i18n.ts';
import type { StaleWarning } from '../../utils/resolve/index.ts';
import { Button } from '../ui/Button.tsx';
import { writeLocal } from './item.ts';

/**
 * The item's stale warnings, each with why and its one-click fix: a local write (it shows at once and waits in the
 * outbox when offline) or a dismissal kept in this browser. A fix the user's role may not make is not offered.
 */
export function StaleWarnings(props: {
  warnings: readonly StaleWarning[];
  allowed(permission: Permission): boolean;
  onDone(message: string): void;
  onError(message: string): void;
  /** Where a warning's subject opens (the hub page of the decision, goal, team or rule). */
  linkTo?(subject: NonNullable<StaleWarning['subject']> | NonNullable<StaleWarning['current']>): string | undefined;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  if (props.warnings.length === 0) return null;
  const apply = async (warning: StaleWarning) => {
    setBusy(warning.id);
    try {
      if (warning.fix.kind === 'dismiss') {
        // On the click only: the dismissals' module (zod) stays out of the sidebar's first load.
        const { addDismissal } = await import('../../utils/snapshot/dismissals.ts');
        await addDismissal(warning.fix.key);
        props.onDone(t('stale.dismissed', { title: say(warning.title) }));
        return;
      }
      const result = await writeLocal(warning.fix.write);
      if (result.ok) props.onDone(t('stale.fixed', { title: say(warning.title) }));
      else props.onError(result.error.message);
    } finally {
      setBusy(null);
    }
  };
  return (
    <section aria-label={t('stale.label')} className="flex flex-col gap-2" data-stale-count={props.warnings.length}>
      {props.warnings.map((warning) => {
        const offered = warning.fix.kind === 'dismiss' || props.allowed(warning.fix.permission);
        const currentHref = warning.current ? props.linkTo?.(warning.current) : undefined;
        return (
          <article
            key={warning.id}
            aria-label={say(warning.title)}
            data-stale={warning.kind}
            className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-xs text-amber-950 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-100"
          >
            <p className="font-semibold" dir="auto">
              <span aria-hidden="true">⚠ </span>
              {say(warning.title)}
            </p>
            <p className="mt-0.5" dir="auto">
              {sayAll(warning.why)}
            </p>
            {warning.current ? (
              <p className="mt-0.5" dir="auto">
                {t('stale.current')}{' '}
                {currentHref ? (
                  <a href={currentHref} target="_blank" rel="noopener noreferrer" className="font-medium underline">
                    {warning.current.title}
                  </a>
                ) : (
                  <span className="font-medium">{warning.current.title}</span>
                )}
              </p>
            ) : null}
            {offered ? (
              <Button
                size="sm"
                className="mt-1.5"
                disabled={busy === warning.id}
                data-stale-fix={warning.kind}
                onClick={() => void apply(warning)}
              >
                {say(warning.fix.label)}
              </Button>
            ) : (
              <p className="mt-1 text-amber-800 dark:text-amber-200">{t('stale.noRole')}</p>
            )}
          </article>
        );
      })}
    </section>
  );
}
