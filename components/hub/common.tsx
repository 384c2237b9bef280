/** Building blocks of the hub's views that know about hub routes, tools and items (generic ones are in components/ui). */
import type { ReactNode } from 'react';
import type { Item, Tool } from '../../utils/contract.ts';
import { type HubRoute, hubHash } from '../../utils/hub-links.ts';
import { t } from '../../utils/i18n.ts';
import { itemKeyName, itemName, TOOL_NAMES } from '../../utils/tools.ts';
import { Badge, type Tone } from '../ui/Badge.tsx';
import { ExternalLink } from '../ui/ExternalLink.tsx';

export function HubLink({ to, children, className = '' }: { to: HubRoute; children: ReactNode; className?: string }) {
  return (
    <a
      href={hubHash(to)}
      className={`text-zinc-900 underline decoration-zinc-300 underline-offset-2 hover:text-brand-600 hover:decoration-current dark:text-zinc-100 dark:decoration-zinc-600 ${className}`}
    >
      {children}
    </a>
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
            aria-label={t('hub.item.detailsOf', { name: itemName(item) })}
            className="shrink-0 text-[11px] text-zinc-500 hover:underline"
          >
            {t('hub.item.details')}
          </a>
        </>
      ) : (
        <span className="truncate text-zinc-500" title={t('hub.item.notMirrored')}>
          {itemKeyName(itemKey)}
        </span>
      )}
      {children}
    </li>
  );
}
