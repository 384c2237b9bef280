import { t } from '../../utils/i18n.ts';
/** What a view shows while its data is on the way. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="px-6 py-8 text-xs text-zinc-500" aria-busy="true">
      {t('common.loading', { what })}
    </p>
  );
}
