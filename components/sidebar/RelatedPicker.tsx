import type { ItemRef } from '../../utils/contract.ts';
import { detectItem } from '../../utils/detect/index.ts';
import { t } from '../../utils/i18n.ts';
import { TOOL_NAMES } from '../../utils/tools.ts';
import { engineSearch } from '../shared/engine-search.ts';
import { Picker, type PickerOption } from '../ui/Picker.tsx';

/** What the picker hands back: a cached item's key, or an item pasted as a URL that Hallway never saw. */
export interface RelatedPick extends PickerOption {
  ref?: ItemRef;
}

/**
 * Picks an item to link as related to `itemKey`, leaving out the item itself and those already linked. A pasted URL
 * of a supported tool is offered as that item even when it was never cached.
 */
export function RelatedPicker(props: {
  itemKey: string;
  linked: ReadonlySet<string>;
  jiraHosts?: readonly string[];
  onPick(option: RelatedPick): void;
  onCancel(): void;
}) {
  const offered = (key: string) => key !== props.itemKey && !props.linked.has(key);
  const cached = engineSearch(['item'], (hit) =>
    hit.record.kind === 'item' && offered(hit.record.itemKey)
      ? {
          id: hit.record.itemKey,
          label: hit.record.title,
          detail: `${TOOL_NAMES[hit.record.tool]} · ${hit.record.aka}`,
        }
      : null,
  );
  const search = async (query: string, limit: number): Promise<RelatedPick[]> => {
    const pasted = detectItem(query, { jiraHosts: props.jiraHosts });
    if (pasted && offered(pasted.key)) {
      return [
        {
          id: pasted.key,
          label: `${TOOL_NAMES[pasted.tool]} ${pasted.id}`,
          detail: t('sidebar.related.pasted'),
          ref: pasted,
        },
      ];
    }
    return [...(await cached(query, limit))];
  };
  return (
    <Picker
      label={t('sidebar.related.pickLabel')}
      placeholder={t('sidebar.related.search')}
      autoFocus
      options={[]}
      search={search}
      onPick={props.onPick}
      onCancel={props.onCancel}
    />
  );
}
