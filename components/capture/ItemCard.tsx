import { t } from '../../utils/i18n.ts';
import { itemName, readableItemId, TOOL_ITEM_NAMES } from '../../utils/tools.ts';
import type { CurrentItem } from '../shared/item.ts';

/** The work item a capture is about, or a clear "none". Strings render as text: titles come from pages. */
export function ItemCard({ item, empty }: { item: CurrentItem | null; empty: string }) {
  if (!item) return <p className="text-xs text-zinc-500 dark:text-zinc-400">{empty}</p>;
  return (
    <div className="min-w-0 rounded-md bg-zinc-50 px-2.5 py-1.5 dark:bg-zinc-900" data-item-key={item.ref.key}>
      <p className="text-[11px] text-zinc-500 dark:text-zinc-400">
        {TOOL_ITEM_NAMES[item.ref.tool]}
        {readableItemId(item.ref) ? ` · ${readableItemId(item.ref)}` : ''}
        {item.ref.tool === 'gmail' ? ` ${t('capture.gmailIds')}` : ''}
      </p>
      <p className="truncate text-[13px] font-medium" title={item.title}>
        {itemName(item)}
      </p>
    </div>
  );
}
