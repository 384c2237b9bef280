import { formatNumber, t } from '../../utils/i18n.ts';
/** A percentage shown as a bar and a number. */
export function ProgressBar({ value }: { value: number }) {
  return (
    <div
      className="flex items-center gap-2"
      title={t('progress.done', { percent: formatNumber(value / 100, { style: 'percent' }) })}
    >
      <div className="h-1.5 w-20 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800">
        <div className="h-full rounded-full bg-brand-500" style={{ width: `${Math.max(0, Math.min(100, value))}%` }} />
      </div>
      <span className="w-8 text-right text-[11px] text-zinc-500 tabular-nums">
        {formatNumber(value / 100, { style: 'percent' })}
      </span>
    </div>
  );
}
