/** Small building blocks shared by the hub's views. */
import { type ReactNode, type SelectHTMLAttributes, useState } from 'react';
import type { Item, Tool } from '../../utils/contract.ts';
import { type HubRoute, hubHash } from '../../utils/hub-links.ts';
import { itemKeyName, itemName, TOOL_NAMES } from '../../utils/tools.ts';
import { Badge, type Tone } from '../ui/Badge.tsx';
import { Button } from '../ui/Button.tsx';
import { ExternalLink } from '../ui/ExternalLink.tsx';

export function HubLink({ to, children, className = '' }: { to: HubRoute; children: ReactNode; className?: string }) {
  return (
    <a
      href={hubHash(to)}
      className={`text-zinc-900 hover:text-brand-600 hover:underline dark:text-zinc-100 ${className}`}
    >
      {children}
    </a>
  );
}

export function PageHeader({
  title,
  subtitle,
  actions,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <header className="flex flex-wrap items-end justify-between gap-3 border-b border-zinc-200 px-6 pt-5 pb-4 dark:border-zinc-800">
      <div className="min-w-0">
        <h1 className="truncate text-lg font-semibold tracking-tight">{title}</h1>
        {subtitle ? <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{subtitle}</p> : null}
      </div>
      {actions ? <div className="flex items-center gap-2">{actions}</div> : null}
    </header>
  );
}

export function Section({ title, count, children }: { title: string; count?: number; children: ReactNode }) {
  return (
    <section className="flex flex-col gap-2">
      <h2 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
        {title}
        {count !== undefined ? <span className="ml-1.5 font-normal text-zinc-400">{count}</span> : null}
      </h2>
      {children}
    </section>
  );
}

export const TOOL_DISPLAY: Record<Tool, { label: string; tone: Tone }> = {
  jira: { label: TOOL_NAMES.jira, tone: 'blue' },
  asana: { label: TOOL_NAMES.asana, tone: 'red' },
  notion: { label: TOOL_NAMES.notion, tone: 'neutral' },
  gmail: { label: TOOL_NAMES.gmail, tone: 'amber' },
};

export function ToolBadge({ tool }: { tool: Tool }) {
  return <Badge tone={TOOL_DISPLAY[tool].tone}>{TOOL_DISPLAY[tool].label}</Badge>;
}

export function ProgressBar({ value }: { value: number }) {
  return (
    <div className="flex items-center gap-2" title={`${value}% done`}>
      <div className="h-1.5 w-20 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800">
        <div className="h-full rounded-full bg-brand-500" style={{ width: `${Math.max(0, Math.min(100, value))}%` }} />
      </div>
      <span className="w-8 text-right text-[11px] text-zinc-500 tabular-nums">{value}%</span>
    </div>
  );
}

export function ItemLine({
  item,
  itemKey,
  children,
}: {
  item: Item | undefined;
  itemKey: string;
  children?: ReactNode;
}) {
  const tool = (item?.ref.tool ?? itemKey.slice(0, itemKey.indexOf(':'))) as Tool;
  return (
    <li className="flex min-w-0 items-center gap-2 py-1">
      {TOOL_DISPLAY[tool] ? <ToolBadge tool={tool} /> : null}
      {item ? (
        <>
          <ExternalLink href={item.ref.url} className="truncate">
            {itemName(item)}
          </ExternalLink>
          <a
            href={hubHash({ view: 'item', key: item.ref.key })}
            aria-label={`Details of ${itemName(item)}`}
            className="shrink-0 text-[11px] text-zinc-500 hover:underline"
          >
            details
          </a>
        </>
      ) : (
        <span className="truncate text-zinc-500" title="Not in this browser's copy of the workspace yet">
          {itemKeyName(itemKey)}
        </span>
      )}
      {children}
    </li>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="px-6 py-8 text-xs text-zinc-500" aria-busy="true">
      Loading {what}…
    </p>
  );
}

/** The submit, cancel and error row that ends every hub form. */
export function FormActions({
  submitLabel,
  onCancel,
  error,
  disabled = false,
  className = '',
}: {
  submitLabel: string;
  onCancel: () => void;
  error: string | null;
  disabled?: boolean;
  className?: string;
}) {
  return (
    <div className={`flex items-center gap-2 ${className}`}>
      <Button type="submit" variant="primary" disabled={disabled}>
        {submitLabel}
      </Button>
      <Button variant="ghost" onClick={onCancel}>
        Cancel
      </Button>
      <ErrorText>{error}</ErrorText>
    </div>
  );
}

export function ErrorText({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <p role="alert" className="text-xs text-red-600 dark:text-red-400">
      {children}
    </p>
  );
}

export function Select({ className = '', ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <select
      className={`h-8 rounded-md border border-zinc-300 bg-white px-2 text-[13px] text-zinc-900 shadow-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 ${className}`}
      {...props}
    />
  );
}

export function ReadOnlyNote({ children }: { children: ReactNode }) {
  return (
    <p className="rounded-md bg-zinc-100 px-3 py-2 text-xs text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
      {children}
    </p>
  );
}

/** Runs a write and keeps its error for display; resolves true when it succeeded. */
export async function attempt(
  run: () => Promise<unknown>,
  setError: (message: string | null) => void,
): Promise<boolean> {
  setError(null);
  try {
    await run();
    return true;
  } catch (error) {
    setError(error instanceof Error ? error.message : String(error));
    return false;
  }
}

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
