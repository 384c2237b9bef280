import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { sayCaught, t } from '../../utils/i18n.ts';
import { TextInput } from './Field.tsx';
import { useActionsPaused } from './pause.ts';

export interface PickerOption {
  id: string;
  label: string;
  /** A second, quieter line: a team's parent, a goal's status, an item's tool. */
  detail?: string;
}

/** Answers a typed query with the options to list, best first (see `components/shared/engine-search.ts`). */
export type PickerSearch = (query: string, limit: number) => Promise<readonly PickerOption[]>;

export interface PickerProps {
  label: string;
  /** What the picker lists before anything is typed. */
  options: readonly PickerOption[];
  /** What it lists once something is typed: the latest query's answer wins. */
  search: PickerSearch;
  onPick(option: PickerOption): void;
  onCancel?(): void;
  placeholder?: string;
  /** How many matches to list; the rest are reached by typing more. */
  limit?: number;
  autoFocus?: boolean;
}

type Found = { query: string; options: readonly PickerOption[] } | { query: string; failed: string };

/** The options for `query` from `search`, keeping the last answer on screen while the next one is on its way. */
function useFound(query: string, search: PickerSearch, limit: number): Found | null {
  const [found, setFound] = useState<Found | null>(null);
  // Callers pass a fresh function each render; only a new query (or limit) searches again.
  const latestSearch = useRef(search);
  latestSearch.current = search;
  useEffect(() => {
    if (!query) return;
    let current = true;
    latestSearch.current(query, limit).then(
      (options) => current && setFound({ query, options }),
      (error: unknown) => current && setFound({ query, failed: sayCaught(error) }),
    );
    return () => {
      current = false;
    };
  }, [query, limit]);
  return query ? found : null;
}

/**
 * A fuzzy-search combobox (WAI-ARIA combobox with a listbox popup): type to filter, arrows to move, Enter to pick,
 * Escape to cancel. Labels render as text, so option strings from the server or pages stay inert. Inside the
 * sidebar, picking obeys the action pause: the options are not form controls, so a disabled fieldset around them
 * would not stop a click.
 */
export function Picker({ label, options, search, onPick, onCancel, placeholder, limit = 8, autoFocus }: PickerProps) {
  const id = useId();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const found = useFound(query.trim(), search, limit);
  const failed = found && 'failed' in found ? found.failed : null;
  const matches = !query.trim() ? options.slice(0, limit) : found && 'options' in found ? found.options : [];
  const current = matches[Math.min(active, matches.length - 1)];
  const paused = Boolean(useActionsPaused());
  const pick = (option: PickerOption) => {
    if (!paused) onPick(option);
  };
  // Enter pressed before the typed query's answer is in means that query's best match, never the previous query's
  // options still on screen: the pick waits for the answer, and typing on takes it back.
  const typed = query.trim();
  const answered = !typed || found?.query === typed;
  const [pickOnAnswer, setPickOnAnswer] = useState<string | null>(null);
  useEffect(() => {
    if (pickOnAnswer === null || found?.query !== pickOnAnswer) return;
    setPickOnAnswer(null);
    const best = 'options' in found ? found.options[0] : undefined;
    if (best) pick(best);
  });

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((index) => (matches.length ? (index + step + matches.length) % matches.length : 0));
    } else if (event.key === 'Enter' && !answered) {
      event.preventDefault();
      setPickOnAnswer(typed);
    } else if (event.key === 'Enter' && current) {
      event.preventDefault();
      pick(current);
    } else if (event.key === 'Escape' && onCancel) {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    }
  };

  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={`${id}-input`} className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      <TextInput
        id={`${id}-input`}
        role="combobox"
        aria-expanded={matches.length > 0}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={current ? `${id}-${current.id}` : undefined}
        autoComplete="off"
        spellCheck={false}
        placeholder={placeholder}
        value={query}
        autoFocus={autoFocus}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
          setPickOnAnswer(null);
        }}
        onKeyDown={onKeyDown}
      />
      <div
        id={`${id}-list`}
        role="listbox"
        aria-label={label}
        className="max-h-56 overflow-y-auto rounded-md border border-zinc-200 bg-white py-1 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
      >
        {failed ? (
          <p role="alert" className="px-2.5 py-1.5 text-xs text-red-600 dark:text-red-400">
            {t('pick.failed', { reason: failed })}
          </p>
        ) : matches.length === 0 ? (
          <p className="px-2.5 py-1.5 text-xs text-zinc-500 dark:text-zinc-400">
            {!query.trim() ? t('pick.typeToSearch') : !found ? t('pick.searching') : t('pick.noMatches')}
          </p>
        ) : (
          matches.map((option) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox input handles the keyboard for its options.
            <div
              key={option.id}
              tabIndex={-1}
              id={`${id}-${option.id}`}
              role="option"
              aria-selected={option === current}
              aria-disabled={paused || undefined}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => pick(option)}
              className={`px-2.5 py-1.5 ${paused ? 'cursor-not-allowed' : 'cursor-pointer'} ${option === current ? 'bg-brand-50 dark:bg-brand-500/15' : ''}`}
            >
              <span className="block truncate text-[13px] text-zinc-900 dark:text-zinc-100">{option.label}</span>
              {option.detail ? (
                <span className="block truncate text-[11px] text-zinc-500 dark:text-zinc-400">{option.detail}</span>
              ) : null}
            </div>
          ))
        )}
      </div>
    </div>
  );
}
