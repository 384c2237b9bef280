import { browser } from 'wxt/browser';
import { touchOf } from '../../utils/db/schema.ts';
import { hubUrl } from '../../utils/hub-links.ts';
import { formatNumber, t } from '../../utils/i18n.ts';
import { factLabel } from '../../utils/resolve/fact.ts';
import type { ResolvedContext } from '../../utils/resolve/index.ts';
import { type PageOwnerClaim, pageOwnerClaim } from '../../utils/resolve/page-claim.ts';
import { relativeTime } from '../../utils/time.ts';
import { FIELD_LABEL } from '../hub/logic/rule-fields.ts';
import { searchAmong } from '../shared/engine-search.ts';
import type { CurrentItem } from '../shared/item.ts';
import { WriteBadge } from '../shared/WriteBadge.tsx';
import { Button } from '../ui/Button.tsx';
import type { PickerOption } from '../ui/Picker.tsx';
import { useReturnFocus } from '../ui/use-return-focus.ts';
import { Picker } from './deferred.tsx';
import { type ActionReport, linkItem, unlinkItem } from './link-item.ts';
import type { WriteStates } from './live-data.tsx';
import { Refusals } from './Refusals.tsx';
import type { Refusal } from './refusals.ts';
import { Section } from './Section.tsx';

const MEMBERS_SHOWN = 6;
const teamLink = (id: string) => hubUrl(browser.runtime.getURL('/hub.html'), { view: 'team', id });

function ownerSourceText(resolved: ResolvedContext): string {
  const { owner } = resolved;
  if (owner.kind === 'link') {
    return t('sidebar.owner.linkedBy', { name: owner.link.createdBy, when: relativeTime(owner.link.createdAt) });
  }
  if (owner.kind === 'rule') {
    return t('sidebar.owner.byRule', {
      field: FIELD_LABEL[owner.match.fact.field],
      value: factLabel(owner.match.fact),
    });
  }
  return t('sidebar.owner.noRule');
}

/**
 * The owner the page itself names, as the page's claim beside Hallway's: flagged where they differ, a quiet word
 * where they agree.
 */
function PageClaim({ claim, team }: { claim: PageOwnerClaim; team: string | null }) {
  if (claim.verdict === 'disagrees') {
    return (
      <div
        data-page-claim="disagrees"
        className="mt-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-200"
      >
        <p className="font-semibold">{t('sidebar.owner.disagrees')}</p>
        <p>
          {t('sidebar.owner.names', { source: claim.source })} <span className="font-semibold">{claim.name}</span>
          {t('sidebar.owner.hallwaysOwner', { team: team ?? '' })}
        </p>
      </div>
    );
  }
  return (
    <p data-page-claim={claim.verdict} className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
      {claim.source}: {claim.name}
      {claim.verdict === 'agrees' ? ` ${t('sidebar.owner.agrees')}` : ''}
    </p>
  );
}

export function OwnerSection(
  props: ActionReport & {
    item: CurrentItem;
    resolved: ResolvedContext;
    teams: readonly PickerOption[];
    writeStates: WriteStates;
    /** The user's role may make this section's changes (the contract's table): otherwise none is offered. */
    canWrite: boolean;
    refusals: readonly Refusal[];
  },
) {
  const { item, resolved, teams, writeStates } = props;
  const [picking, openPicker, closePicker] = useReturnFocus(false);
  const team = resolved.team;
  const claim = pageOwnerClaim(item.ref.tool, item.context, team);
  const ownerLink = resolved.owner.kind === 'link' ? resolved.owner.link : null;
  const linkState =
    resolved.owner.kind === 'link'
      ? writeStates.byTouch.get(touchOf('link', resolved.owner.link.id))
      : writeStates.link(item.ref.key, 'owner');

  const link = async (teamId: string, name: string) => {
    closePicker();
    await linkItem(item, { kind: 'owner', itemKey: item.ref.key, teamId }, props, t('sidebar.owner.set', { name }));
  };

  return (
    <Section
      title={t('sidebar.owner.title')}
      action={
        props.canWrite ? (
          <Button
            size="sm"
            variant="ghost"
            aria-expanded={picking}
            onClick={() => (picking ? closePicker() : openPicker(true))}
          >
            {team ? t('pick.change') : t('sidebar.owner.setOwner')}
          </Button>
        ) : null
      }
    >
      <Refusals refusals={props.refusals} place="owner" />
      {team ? (
        <div className="flex flex-col gap-1.5">
          <div className="flex flex-wrap items-center gap-2">
            <a
              href={teamLink(team.id)}
              target="_blank"
              rel="noopener noreferrer"
              className="text-sm font-semibold hover:underline"
            >
              {team.name}
            </a>
            <WriteBadge state={linkState} />
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <p className="text-xs text-zinc-500 dark:text-zinc-400">{ownerSourceText(resolved)}</p>
            {ownerLink ? (
              <Button
                size="sm"
                variant="ghost"
                aria-label={t('sidebar.owner.removeLabel', { name: team.name })}
                onClick={() => void unlinkItem([ownerLink.id], props, t('sidebar.owner.removed', { name: team.name }))}
              >
                {t('common.remove')}
              </Button>
            ) : null}
          </div>
          {team.members.length > 0 ? (
            <ul aria-label={t('sidebar.owner.members', { name: team.name })} className="flex flex-wrap gap-1">
              {team.members.slice(0, MEMBERS_SHOWN).map((member) => (
                <li
                  key={`${member.name}-${member.email ?? ''}`}
                  title={member.email}
                  className="rounded-full bg-zinc-100 px-2 py-0.5 text-[11px] text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
                >
                  {member.name}
                </li>
              ))}
              {team.members.length > MEMBERS_SHOWN ? (
                <li className="px-1 text-[11px] text-zinc-500">
                  {t('sidebar.owner.more', { count: formatNumber(team.members.length - MEMBERS_SHOWN) })}
                </li>
              ) : null}
            </ul>
          ) : null}
        </div>
      ) : (
        <p className="rounded-md border border-dashed border-amber-300 bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-200">
          {t('sidebar.owner.unowned')}
        </p>
      )}
      {claim ? <PageClaim claim={claim} team={team?.name ?? null} /> : null}
      {picking && props.canWrite ? (
        <Picker
          label={t('popup.link.owningTeam')}
          placeholder={t('sidebar.owner.search')}
          autoFocus
          options={teams}
          search={searchAmong(['team'], teams)}
          onPick={(option) => void link(option.id, option.label)}
          onCancel={closePicker}
        />
      ) : null}
    </Section>
  );
}
