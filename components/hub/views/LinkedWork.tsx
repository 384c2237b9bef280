import { useState } from 'react';
import type { Item, Link } from '../../../utils/contract.ts';
import { formatNumber, t } from '../../../utils/i18n.ts';
import { itemKeyName, itemName, TOOLS } from '../../../utils/tools.ts';
import { writeLocal } from '../../shared/item.ts';
import { attempt } from '../../ui/attempt.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorText } from '../../ui/ErrorText.tsx';
import { Section } from '../../ui/Section.tsx';
import { ItemLine, TOOL_DISPLAY } from '../common.tsx';

/** How many items per tool a page lists before it says "and N more": a team can own tens of thousands. */
const SHOWN_PER_TOOL = 50;

/**
 * Work items grouped by tool, each group capped. `removableLink` gives the explicit link that puts an item here (its
 * owner link on a team page, its goal link on a goal page): such items can be removed; those here by a rule cannot.
 */
export function LinkedWork({
  itemKeys,
  itemsByKey,
  empty,
  removableLink,
  removeLabel = 'Remove',
}: {
  itemKeys: readonly string[];
  itemsByKey: Map<string, Item>;
  empty: string;
  removableLink?: (itemKey: string) => Link | null;
  removeLabel?: string;
}) {
  const [error, setError] = useState<string | null>(null);
  const byTool = new Map<string, string[]>();
  for (const key of itemKeys) {
    const tool = key.slice(0, key.indexOf(':'));
    const list = byTool.get(tool);
    if (list) list.push(key);
    else byTool.set(tool, [key]);
  }
  return (
    <Section title={t('hub.linked.title')} count={itemKeys.length}>
      {itemKeys.length === 0 ? <p className="text-xs text-zinc-500">{empty}</p> : null}
      <ErrorText>{error}</ErrorText>
      <div className="grid gap-4 md:grid-cols-2">
        {TOOLS.filter((tool) => byTool.has(tool)).map((tool) => {
          const keys = byTool.get(tool) ?? [];
          return (
            <section key={tool} aria-label={t('hub.linked.toolItems', { tool: TOOL_DISPLAY[tool].label })}>
              <h3 className="text-xs font-medium text-zinc-600 dark:text-zinc-300">
                {TOOL_DISPLAY[tool].label} <span className="text-zinc-400">{formatNumber(keys.length)}</span>
              </h3>
              <ul>
                {keys.slice(0, SHOWN_PER_TOOL).map((key) => {
                  const link = removableLink?.(key) ?? null;
                  const found = itemsByKey.get(key);
                  const title = found ? itemName(found) : itemKeyName(key);
                  return (
                    <ItemLine key={key} itemKey={key} item={itemsByKey.get(key)}>
                      {link ? (
                        <Button
                          size="sm"
                          variant="ghost"
                          aria-label={`${removeLabel}: ${title}`}
                          onClick={() => attempt(() => writeLocal({ kind: 'link.delete', id: link.id }), setError)}
                        >
                          {removeLabel}
                        </Button>
                      ) : removableLink ? (
                        <span className="shrink-0 text-[11px] text-zinc-400">{t('hub.linked.byRule')}</span>
                      ) : null}
                    </ItemLine>
                  );
                })}
              </ul>
              {keys.length > SHOWN_PER_TOOL ? (
                <p className="text-xs text-zinc-500">
                  {t('hub.andMore', { count: formatNumber(keys.length - SHOWN_PER_TOOL) })}
                </p>
              ) : null}
            </section>
          );
        })}
      </div>
    </Section>
  );
}
