import { useState } from 'react';
import { t } from '../../utils/i18n.ts';
import { Button } from '../ui/Button.tsx';
import { Picker, type PickerOption, type PickerSearch } from '../ui/Picker.tsx';

interface PickFieldProps {
  label: string;
  options: readonly PickerOption[];
  search: PickerSearch;
  value: string | null;
  onChange(id: string | null): void;
  /** Shown next to the current value, e.g. "from the Jira project rule". */
  hint?: string;
}

/** A chosen team or goal with a fuzzy picker to change it; keyboard first (Enter picks, Escape keeps the value). */
export function PickField({ label, options, search, value, onChange, hint }: PickFieldProps) {
  const [picking, setPicking] = useState(false);
  if (picking) {
    return (
      <Picker
        label={label}
        options={options}
        search={search}
        autoFocus
        placeholder={t('pick.find', { label })}
        onPick={(option) => {
          onChange(option.id);
          setPicking(false);
        }}
        onCancel={() => setPicking(false)}
      />
    );
  }
  const current = options.find((option) => option.id === value);
  return (
    <div className="flex flex-col gap-1">
      <span className="text-xs font-medium text-zinc-700 dark:text-zinc-300">{label}</span>
      <div className="flex items-center gap-2">
        <span className="min-w-0 flex-1 truncate text-[13px]" title={current?.label}>
          {current ? current.label : <span className="text-zinc-500 dark:text-zinc-400">{t('common.none')}</span>}
          {current && hint ? <span className="ml-1.5 text-[11px] text-zinc-500 dark:text-zinc-400">{hint}</span> : null}
        </span>
        <Button
          size="sm"
          variant="ghost"
          onClick={() => setPicking(true)}
          aria-label={t('pick.chooseLabel', { label })}
        >
          {current ? t('pick.change') : t('pick.choose')}
        </Button>
        {current ? (
          <Button size="sm" variant="ghost" onClick={() => onChange(null)} aria-label={t('pick.clearLabel', { label })}>
            {t('pick.clear')}
          </Button>
        ) : null}
      </div>
    </div>
  );
}
