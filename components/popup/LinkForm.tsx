import { useState } from 'react';
import { t } from '../../utils/i18n.ts';
import { searchAmong } from '../shared/engine-search.ts';
import { type CurrentItem, itemInput, type SavedWrite, writeLocal } from '../shared/item.ts';
import { usePickOptions } from '../shared/use-pick-options.ts';
import { Button } from '../ui/Button.tsx';
import { Picker } from '../ui/Picker.tsx';

/** Links the current item to its owning team or to a goal: pick the target, and it is saved. */
export function LinkForm({ item, onSaved }: { item: CurrentItem; onSaved(saved: SavedWrite): void }) {
  const [target, setTarget] = useState<'owner' | 'goal'>('owner');
  const [error, setError] = useState<string | null>(null);
  const { teams, goals } = usePickOptions();

  async function link(id: string, label: string) {
    const result = await writeLocal({
      kind: 'linkItem',
      link:
        target === 'owner'
          ? { kind: 'owner', itemKey: item.ref.key, teamId: id }
          : { kind: 'goal', itemKey: item.ref.key, goalId: id },
      item: itemInput(item),
    });
    if (!result.ok) {
      setError(t('popup.link.notSaved', { reason: result.error.message }));
      return;
    }
    onSaved({
      id: result.value.ids.at(-1) ?? '',
      title: target === 'owner' ? t('popup.link.ownedBy', { name: label }) : t('popup.link.serves', { name: label }),
      mutationIds: result.value.mutationIds,
    });
  }

  return (
    <div className="flex flex-col gap-2">
      <div className="flex gap-1" role="radiogroup" aria-label={t('popup.link.linkTo')}>
        {(['owner', 'goal'] as const).map((kind) => (
          <Button
            key={kind}
            size="sm"
            variant={target === kind ? 'primary' : 'secondary'}
            role="radio"
            aria-checked={target === kind}
            onClick={() => setTarget(kind)}
          >
            {kind === 'owner' ? t('popup.link.owningTeam') : t('common.goal')}
          </Button>
        ))}
      </div>
      <Picker
        key={target}
        label={target === 'owner' ? t('popup.link.teamLabel') : t('popup.link.goalLabel')}
        options={target === 'owner' ? teams : goals}
        search={target === 'owner' ? searchAmong(['team'], teams) : searchAmong(['goal'], goals)}
        autoFocus
        placeholder={t('popup.link.typeToFind')}
        onPick={(option) => void link(option.id, option.label)}
      />
      {error ? (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
