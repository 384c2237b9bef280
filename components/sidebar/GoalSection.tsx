import { browser } from 'wxt/browser';
import { touchOf } from '../../utils/db/schema.ts';
import { hubUrl } from '../../utils/hub-links.ts';
import { formatNumber, t } from '../../utils/i18n.ts';
import type { ResolvedContext } from '../../utils/resolve/index.ts';
import { calendarDate } from '../../utils/time.ts';
import { searchAmong } from '../shared/engine-search.ts';
import type { CurrentItem } from '../shared/item.ts';
import { WriteBadge } from '../shared/WriteBadge.tsx';
import { Button } from '../ui/Button.tsx';
import type { PickerOption } from '../ui/Picker.tsx';
import { GoalStatusBadge } from '../ui/StatusBadge.tsx';
import { useReturnFocus } from '../ui/use-return-focus.ts';
import { Picker } from './deferred.tsx';
import { type ActionReport, linkItem, unlinkItem } from './link-item.ts';
import type { WriteStates } from './live-data.tsx';
import { Refusals } from './Refusals.tsx';
import type { Refusal } from './refusals.ts';
import { Section } from './Section.tsx';

const goalLink = (id: string) => hubUrl(browser.runtime.getURL('/hub.html'), { view: 'goal', id });

export function GoalSection(
  props: ActionReport & {
    item: CurrentItem;
    resolved: ResolvedContext;
    goals: readonly PickerOption[];
    writeStates: WriteStates;
    /** The user's role may make this section's changes (the contract's table): otherwise none is offered. */
    canWrite: boolean;
    refusals: readonly Refusal[];
  },
) {
  const { item, resolved, goals, writeStates } = props;
  const [picking, openPicker, closePicker] = useReturnFocus(false);
  const found = resolved.goal;
  const explicitLink = found?.link ?? null;

  const link = async (goalId: string, title: string) => {
    closePicker();
    await linkItem(item, { kind: 'goal', itemKey: item.ref.key, goalId }, props, t('sidebar.goal.linked', { title }));
  };

  return (
    <Section
      title={t('common.goal')}
      action={
        props.canWrite ? (
          <Button
            size="sm"
            variant="ghost"
            aria-expanded={picking}
            onClick={() => (picking ? closePicker() : openPicker(true))}
          >
            {found ? t('pick.change') : t('sidebar.goal.link')}
          </Button>
        ) : null
      }
    >
      <Refusals refusals={props.refusals} place="goal" />
      {found ? (
        <div className="flex flex-col gap-2">
          <div className="flex flex-wrap items-center gap-2">
            <a
              href={goalLink(found.goal.id)}
              target="_blank"
              rel="noopener noreferrer"
              className="text-sm font-semibold hover:underline"
            >
              {found.goal.title}
            </a>
            <GoalStatusBadge status={found.goal.status} />
            <WriteBadge
              state={writeStates.byTouch.get(touchOf('goal', found.goal.id)) ?? writeStates.link(item.ref.key, 'goal')}
            />
          </div>
          <div className="flex items-center gap-2">
            <div
              role="progressbar"
              aria-label={t('sidebar.goal.progress')}
              aria-valuenow={found.goal.progress}
              aria-valuemin={0}
              aria-valuemax={100}
              className="h-1.5 flex-1 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800"
            >
              <div className="h-full rounded-full bg-brand-500" style={{ width: `${found.goal.progress}%` }} />
            </div>
            <span className="text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
              {formatNumber(found.goal.progress / 100, { style: 'percent' })}
            </span>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <p className="text-xs text-zinc-500 dark:text-zinc-400">
              {found.goal.targetDate
                ? `${t('sidebar.goal.target', { date: calendarDate(found.goal.targetDate) })} · `
                : ''}
              {found.via === 'link' ? t('sidebar.goal.viaLink') : t('sidebar.goal.viaRule')}
            </p>
            {explicitLink ? (
              <Button
                size="sm"
                variant="ghost"
                aria-label={t('sidebar.goal.removeLabel', { title: found.goal.title })}
                onClick={() =>
                  void unlinkItem([explicitLink.id], props, t('sidebar.goal.removed', { title: found.goal.title }))
                }
              >
                {t('common.remove')}
              </Button>
            ) : null}
          </div>
          {found.parents.length > 0 ? (
            <nav aria-label={t('sidebar.goal.parents')}>
              <ol className="flex flex-col gap-0.5 border-l border-zinc-200 pl-2.5 dark:border-zinc-800">
                {found.parents.map((parent) => (
                  <li key={parent.id} className="text-xs text-zinc-600 dark:text-zinc-400">
                    <span aria-hidden="true">↳ </span>
                    <a href={goalLink(parent.id)} target="_blank" rel="noopener noreferrer" className="hover:underline">
                      {parent.title}
                    </a>
                  </li>
                ))}
              </ol>
            </nav>
          ) : null}
        </div>
      ) : (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{t('sidebar.goal.none')}</p>
      )}
      {picking && props.canWrite ? (
        <Picker
          label={t('common.goal')}
          placeholder={t('sidebar.goal.search')}
          autoFocus
          options={goals}
          search={searchAmong(['goal'], goals)}
          onPick={(option) => void link(option.id, option.label)}
          onCancel={closePicker}
        />
      ) : null}
    </Section>
  );
}
