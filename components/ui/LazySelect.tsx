import { type SelectHTMLAttributes, useState } from 'react';
import { Select } from './Select.tsx';

/** One option of a LazySelect; options with a group are shown under it. */
export interface Choice {
  value: string;
  label: string;
  group?: string;
}

/**
 * A select over a long list (thousands of goals): until the user reaches for it, only the chosen option is in the
 * DOM, so a view that shows it opens without building thousands of <option>s.
 */
export function LazySelect({
  choices,
  value,
  onChange,
  emptyLabel,
  ...props
}: {
  choices: readonly Choice[];
  value: string;
  onChange: (value: string) => void;
  emptyLabel?: string;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'>) {
  const [expanded, setExpanded] = useState(false);
  const shown = expanded ? choices : choices.filter((choice) => choice.value === value);
  const groups = [...new Set(shown.map((choice) => choice.group))];
  const options = (group: string | undefined) =>
    shown
      .filter((choice) => choice.group === group)
      .map((choice) => (
        <option key={choice.value} value={choice.value}>
          {choice.label}
        </option>
      ));
  return (
    <Select
      {...props}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      onFocus={() => setExpanded(true)}
      onPointerDown={() => setExpanded(true)}
    >
      {emptyLabel !== undefined ? <option value="">{emptyLabel}</option> : null}
      {groups.map((group) =>
        group === undefined ? (
          options(group)
        ) : (
          <optgroup key={group} label={group}>
            {options(group)}
          </optgroup>
        ),
      )}
    </Select>
  );
}
