import type { Item } from '../../../utils/contract.ts';
import { TOOLS } from '../../../utils/snapshot/model.ts';
import { ItemLine, Section, TOOL_DISPLAY } from '../common.tsx';

/** How many items per tool a page lists before it says "and N more": a team can own tens of thousands. */
const SHOWN_PER_TOOL = 50;

/** Work items grouped by tool, each group capped. */
export function LinkedWork({
  itemKeys,
  itemsByKey,
  empty,
}: {
  itemKeys: readonly string[];
  itemsByKey: Map<string, Item>;
  empty: string;
}) {
  const byTool = new Map<string, string[]>();
  for (const key of itemKeys) {
    const tool = key.slice(0, key.indexOf(':'));
    const list = byTool.get(tool);
    if (list) list.push(key);
    else byTool.set(tool, [key]);
  }
  return (
    <Section title="Linked work" count={itemKeys.length}>
      {itemKeys.length === 0 ? <p className="text-xs text-zinc-500">{empty}</p> : null}
      <div className="grid gap-4 md:grid-cols-2">
        {TOOLS.filter((tool) => byTool.has(tool)).map((tool) => {
          const keys = byTool.get(tool) ?? [];
          return (
            <section key={tool} aria-label={`${TOOL_DISPLAY[tool].label} items`}>
              <h3 className="text-xs font-medium text-zinc-600 dark:text-zinc-300">
                {TOOL_DISPLAY[tool].label} <span className="text-zinc-400">{keys.length}</span>
              </h3>
              <ul>
                {keys.slice(0, SHOWN_PER_TOOL).map((key) => (
                  <ItemLine key={key} itemKey={key} item={itemsByKey.get(key)} />
                ))}
              </ul>
              {keys.length > SHOWN_PER_TOOL ? (
                <p className="text-xs text-zinc-500">and {keys.length - SHOWN_PER_TOOL} more</p>
              ) : null}
            </section>
          );
        })}
      </div>
    </Section>
  );
}
