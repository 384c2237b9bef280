import { type FormEvent, useState } from 'react';
import { canTransition, may, zDecisionTransition } from '../../../utils/contract.ts';
import { localUserOf } from '../../../utils/db/local-user.ts';
import { t } from '../../../utils/i18n.ts';
import { loggedApart, shortDate } from '../../../utils/time.ts';
import { writeLocal } from '../../shared/item.ts';
import { attempt, orThrow } from '../../ui/attempt.ts';
import { Button } from '../../ui/Button.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ErrorText } from '../../ui/ErrorText.tsx';
import { ExternalLink } from '../../ui/ExternalLink.tsx';
import { Field, TextArea, TextInput } from '../../ui/Field.tsx';
import { FormActions } from '../../ui/FormActions.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { Section } from '../../ui/Section.tsx';
import { DecisionStatusBadge } from '../../ui/StatusBadge.tsx';
import { HubLink, ItemLine } from '../common.tsx';
import { useHubData } from '../data.tsx';
import { supersessionChain } from '../logic/decision-filter.ts';
import { navigate } from '../routing.ts';
import { ReviewControl } from './ReviewControl.tsx';

const MOVE_LABELS = {
  accept: t('decision.move.accept'),
  withdraw: t('decision.move.withdraw'),
  revert: t('decision.move.revert'),
} as const;

export function DecisionPage({ decisionId }: { decisionId: string }) {
  const { decisions, decisionsById, teamsById, goalsById, itemsByKey, role, me } = useHubData();
  const [superseding, setSuperseding] = useState(false);
  const [moveError, setMoveError] = useState<string | null>(null);
  const decision = decisionsById.get(decisionId);
  if (!decisions) return <Loading what={t('hub.decision.theDecision')} />;
  if (!decision) {
    return (
      <div data-view="decision" data-ready className="p-6">
        <EmptyState
          title={t('hub.decision.missing')}
          action={<HubLink to={{ view: 'decisions' }}>{t('hub.home.log')}</HubLink>}
        >
          {t('hub.decision.missingHint')}
        </EmptyState>
      </div>
    );
  }
  const chain = supersessionChain(decisionsById, decision);
  const current = chain.at(-1);
  const team = decision.teamId ? teamsById.get(decision.teamId) : undefined;
  const goal = decision.goalId ? goalsById.get(decision.goalId) : undefined;
  return (
    <div data-view="decision" data-ready className="flex flex-col">
      <PageHeader
        title={decision.title}
        subtitle={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span>
              {t('hub.decision.decided', { date: shortDate(decision.decidedAt), name: decision.decidedBy })}
              {loggedApart(decision)
                ? ` · ${t('sidebar.decisions.logged', { date: loggedApart(decision) ?? '' })}`
                : ''}
            </span>
            {decision.status === 'accepted' || decision.status === 'proposed' ? (
              <ReviewControl entity="decision" row={decision} />
            ) : null}
          </span>
        }
        actions={
          may(role, 'decision.write') && !superseding ? (
            <div className="flex gap-2">
              {zDecisionTransition.options
                .filter((transition) => canTransition(decision.status, transition))
                .map((transition) => (
                  <Button
                    key={transition}
                    onClick={() =>
                      attempt(
                        () => writeLocal({ kind: 'decision.transition', id: decision.id, data: { transition } }),
                        setMoveError,
                      )
                    }
                  >
                    {MOVE_LABELS[transition]}
                  </Button>
                ))}
              {canTransition(decision.status, 'supersede') ? (
                <Button onClick={() => setSuperseding(true)}>{t('hub.decision.supersede')}</Button>
              ) : null}
            </div>
          ) : null
        }
      />
      <div className="flex flex-col gap-6 px-6 py-5">
        <ErrorText>{moveError}</ErrorText>
        {decision.status === 'superseded' && current && current.id !== decision.id ? (
          <p className="rounded-md bg-amber-50 px-3 py-2 text-amber-900 dark:bg-amber-500/10 dark:text-amber-200">
            {t('hub.decision.supersededCurrent')}{' '}
            <HubLink to={{ view: 'decision', id: current.id }} className="font-medium">
              {current.title}
            </HubLink>
            .
          </p>
        ) : null}
        {superseding ? (
          <SupersedeForm
            supersedes={decision.id}
            defaults={{ teamId: decision.teamId, goalId: decision.goalId, itemKeys: decision.itemKeys }}
            decidedBy={localUserOf(me).name}
            onDone={(id) => {
              setSuperseding(false);
              if (id) navigate({ view: 'decision', id });
            }}
          />
        ) : null}
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
          <div>
            <dt className="text-xs text-zinc-500">{t('hub.goals.status')}</dt>
            <dd>
              <DecisionStatusBadge status={decision.status} />
            </dd>
          </div>
          <div>
            <dt className="text-xs text-zinc-500">{t('common.team')}</dt>
            <dd>{team ? <HubLink to={{ view: 'team', id: team.id }}>{team.name}</HubLink> : '—'}</dd>
          </div>
          <div>
            <dt className="text-xs text-zinc-500">{t('common.goal')}</dt>
            <dd>{goal ? <HubLink to={{ view: 'goal', id: goal.id }}>{goal.title}</HubLink> : '—'}</dd>
          </div>
          <div>
            <dt className="text-xs text-zinc-500">{t('sidebar.source')}</dt>
            <dd className="truncate">
              {decision.sourceUrl ? (
                <ExternalLink href={decision.sourceUrl}>{new URL(decision.sourceUrl).host}</ExternalLink>
              ) : (
                '—'
              )}
            </dd>
          </div>
        </dl>
        <Section title={t('hub.decision.rationale')}>
          <p className="max-w-prose whitespace-pre-wrap">{decision.rationale || t('hub.decision.noRationale')}</p>
        </Section>
        {decision.quote ? (
          <Section title={t('hub.decision.quote')}>
            <blockquote className="max-w-prose border-l-2 border-brand-500 pl-3 text-zinc-700 italic dark:text-zinc-300">
              {decision.quote}
            </blockquote>
          </Section>
        ) : null}
        <Section title={t('hub.decision.linkedItems')} count={decision.itemKeys.length}>
          {decision.itemKeys.length === 0 ? (
            <p className="text-xs text-zinc-500">{t('hub.decision.noLinked')}</p>
          ) : (
            <ul>
              {decision.itemKeys.map((key) => (
                <ItemLine key={key} itemKey={key} item={itemsByKey.get(key)} />
              ))}
            </ul>
          )}
        </Section>
        <Section title={t('hub.decision.history')} count={decision.statusHistory.length}>
          {decision.statusHistory.length === 0 ? (
            <p className="text-xs text-zinc-500">
              {decision.status === 'proposed' ? t('hub.decision.loggedProposal') : t('hub.decision.loggedDecided')}
            </p>
          ) : (
            <ol aria-label={t('hub.decision.history')} className="flex flex-col gap-1">
              {decision.statusHistory.map((change) => (
                <li key={`${change.at}-${change.status}`}>
                  <DecisionStatusBadge status={change.status} /> {t('hub.decision.by', { name: change.by })}{' '}
                  <span className="text-xs text-zinc-500 tabular-nums">{shortDate(change.at)}</span>
                </li>
              ))}
            </ol>
          )}
        </Section>
        <Section title={t('hub.decision.chain')}>
          <ol
            aria-label={t('hub.decision.chain')}
            className="flex flex-col gap-1 border-l border-zinc-200 pl-3 dark:border-zinc-800"
          >
            {chain.map((link) => (
              <li key={link.id} className={link.id === decision.id ? 'font-medium' : ''}>
                <span className="mr-2 text-xs text-zinc-500 tabular-nums">{shortDate(link.decidedAt)}</span>
                {link.id === decision.id ? (
                  link.title
                ) : (
                  <HubLink to={{ view: 'decision', id: link.id }}>{link.title}</HubLink>
                )}{' '}
                <DecisionStatusBadge status={link.status} />
                {link.sourceUrl ? (
                  <ExternalLink href={link.sourceUrl} className="ml-2 text-xs">
                    {t('hub.decision.source')}
                  </ExternalLink>
                ) : null}
              </li>
            ))}
          </ol>
        </Section>
      </div>
    </div>
  );
}

/** Decisions are append-only: changing one means logging a new decision that supersedes it. */
function SupersedeForm({
  supersedes,
  defaults,
  decidedBy,
  onDone,
}: {
  supersedes: string;
  defaults: { teamId: string | null; goalId: string | null; itemKeys: string[] };
  decidedBy: string;
  onDone: (id: string | null) => void;
}) {
  const [title, setTitle] = useState('');
  const [rationale, setRationale] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let id: string | null = null;
    const ok = await attempt(async () => {
      const result = await writeLocal({
        kind: 'decision.create',
        data: {
          title: title.trim(),
          rationale,
          decidedAt: new Date().toISOString(),
          decidedBy,
          supersedes,
          ...defaults,
        },
      });
      id = orThrow(result).ids.at(-1) ?? null;
    }, setError);
    if (ok) onDone(id);
  };
  return (
    <form
      onSubmit={submit}
      aria-label={t('hub.decision.supersedeForm')}
      className="flex max-w-2xl flex-col gap-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
    >
      <Field label={t('hub.decision.newDecision')}>
        {(props) => (
          <TextInput {...props} required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
        )}
      </Field>
      <Field label={t('hub.decision.whyChanged')}>
        {(props) => <TextArea {...props} rows={3} value={rationale} onChange={(e) => setRationale(e.target.value)} />}
      </Field>
      <FormActions submitLabel={t('hub.decision.logSupersede')} onCancel={() => onDone(null)} error={error} />
    </form>
  );
}
