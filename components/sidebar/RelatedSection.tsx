import { t } from '../../utils/i18n.ts';
import type { ResolvedContext } from '../../utils/resolve/index.ts';
import { itemKeyName, itemName, TOOL_NAMES } from '../../utils/tools.ts';
import { type CurrentItem, writeLocal } from '../shared/item.ts';
import { WriteBadge } from '../shared/WriteBadge.tsx';
import { Badge } from '../ui/Badge.tsx';
import { Button } from '../ui/Button.tsx';
import { ExternalLink } from '../ui/ExternalLink.tsx';
import { useReturnFocus } from '../ui/use-return-focus.ts';
import { RelatedPicker } from './deferred.tsx';
import { type ActionReport, linkItem, unlinkItem } from './link-item.ts';
import type { WriteStates } from './live-data.tsx';
import { Refusals } from './Refusals.tsx';
import type { RelatedPick } from './RelatedPicker.tsx';
import type { Refusal } from './refusals.ts';
import { Section } from './Section.tsx';

export function RelatedSection(
  props: ActionReport & {
    item: CurrentItem;
    resolved: ResolvedContext;
    writeStates: WriteStates;
    /** The user's role may make this section's changes (the contract's table): otherwise none is offered. */
    canWrite: boolean;
    refusals: readonly Refusal[];
  },
) {
  const { item, resolved, writeStates } = props;
  const [picking, openPicker, closePicker] = useReturnFocus(false);
  const link = async (picked: RelatedPick) => {
    closePicker();
    // A pasted link of an item Hallway never saw: record the item first, so the link opens it and names it.
    if (picked.ref) {
      const captured = await writeLocal({
        kind: 'capture',
        item: { ref: picked.ref, title: picked.label, context: {} },
      });
      if (!captured.ok) return props.onError(captured.error.message);
    }
    const link = { kind: 'related' as const, itemKey: item.ref.key, relatedItemKey: picked.id };
    await linkItem(item, link, props, t('sidebar.related.linked', { name: picked.label }));
  };

  return (
    <Section
      title={t('sidebar.related.title')}
      action={
        props.canWrite ? (
          <Button
            size="sm"
            variant="ghost"
            aria-expanded={picking}
            onClick={() => (picking ? closePicker() : openPicker(true))}
          >
            {t('sidebar.related.link')}
          </Button>
        ) : null
      }
    >
      <Refusals refusals={props.refusals} place="related" />
      {resolved.related.length === 0 ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{t('sidebar.related.none')}</p>
      ) : (
        <ul className="flex flex-col gap-1">
          {resolved.related.map((related) => (
            <li key={related.key} className="flex min-w-0 items-center gap-2">
              <Badge>{related.tool ? TOOL_NAMES[related.tool] : t('sidebar.related.item')}</Badge>
              <ExternalLink href={related.item?.ref.url} className="min-w-0 flex-1 truncate text-[13px]">
                {related.item ? itemName(related.item) : itemKeyName(related.key)}
              </ExternalLink>
              <WriteBadge state={writeStates.link(item.ref.key, 'related', related.key)} />
              {related.links.length > 0 ? (
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={t('sidebar.related.removeLabel', {
                    name: related.item ? itemName(related.item) : itemKeyName(related.key),
                  })}
                  title={t('sidebar.related.removeHint')}
                  onClick={() =>
                    void unlinkItem(
                      related.links.map((link) => link.id),
                      props,
                      t('sidebar.related.removed', {
                        name: related.item ? itemName(related.item) : itemKeyName(related.key),
                      }),
                    )
                  }
                >
                  {t('common.remove')}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {picking && props.canWrite ? (
        <RelatedPicker
          itemKey={item.ref.key}
          linked={new Set(resolved.related.map((related) => related.key))}
          onPick={(option) => void link(option)}
          onCancel={closePicker}
        />
      ) : null}
    </Section>
  );
}
