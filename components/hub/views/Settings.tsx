import { type ChangeEvent, useState } from 'react';
import { may } from '../../../utils/contract.ts';
import { formatNumber, say, sayCaught, t } from '../../../utils/i18n.ts';
import type { Message } from '../../../utils/message.ts';
import {
  type ApplyProgress,
  applyImportPlan,
  exportWorkspace,
  IMPORT_ENTITIES,
  type ImportPlan,
  parseWorkspaceExport,
  planImport,
} from '../../../utils/workspace-io/index.ts';
import { writeLocal } from '../../shared/item.ts';
import { roleName } from '../../shared/role-name.ts';
import { orThrow } from '../../ui/attempt.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorText } from '../../ui/ErrorText.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ReadOnlyNote } from '../../ui/ReadOnlyNote.tsx';
import { Section } from '../../ui/Section.tsx';
import { useHubData, useHubNotes } from '../data.tsx';
import { RenameField } from './RenameField.tsx';

/** One row of each kind, as the dry run's steps name it ("update goal …"). */
const ENTITY_NAME: Record<(typeof IMPORT_ENTITIES)[number], string> = {
  team: t('hub.settings.one.team'),
  goal: t('hub.settings.one.goal'),
  rule: t('hub.settings.one.rule'),
  item: t('hub.settings.one.item'),
  link: t('hub.settings.one.link'),
  decision: t('hub.settings.one.decision'),
  note: t('hub.settings.one.note'),
};

/** Each kind of the import's rows, as the dry run's table names it. */
const ENTITY_NAMES: Record<(typeof IMPORT_ENTITIES)[number], string> = {
  team: t('hub.settings.entity.team'),
  goal: t('hub.settings.entity.goal'),
  rule: t('hub.settings.entity.rule'),
  item: t('hub.settings.entity.item'),
  link: t('hub.settings.entity.link'),
  decision: t('hub.settings.entity.decision'),
  note: t('hub.settings.entity.note'),
};

const STEPS_SHOWN = 200;

export function SettingsView() {
  const data = useHubData();
  const { teams, goals, decisions, items, links, rules, role, me } = data;
  const notes = useHubNotes();
  const [plan, setPlan] = useState<ImportPlan | null>(null);
  const [errors, setErrors] = useState<Message[]>([]);
  const [progress, setProgress] = useState<ApplyProgress | null>(null);
  const loaded = teams && goals && decisions && items && links && rules && notes;

  const exportNow = () => {
    if (!loaded) return;
    const file = exportWorkspace(
      { teams, goals, decisions, items, links, rules, notes },
      { now: new Date(), workspace: me?.workspace ?? null },
    );
    const url = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' }));
    const name = `hallway-workspace-${file.exportedAt.slice(0, 10)}.json`;
    Object.assign(document.createElement('a'), { href: url, download: name }).click();
    URL.revokeObjectURL(url);
  };

  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setPlan(null);
    setProgress(null);
    setErrors([]);
    if (!file || !loaded) return;
    const parsed = parseWorkspaceExport(await file.text());
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setPlan(planImport({ teams, goals, decisions, items, links, rules, notes }, parsed.value));
  };

  const apply = async () => {
    if (!plan) return;
    await applyImportPlan(
      plan,
      async (write) => orThrow(await writeLocal(write)),
      (next) => setProgress({ ...next, failed: [...next.failed] }),
    );
  };

  return (
    <div data-view="settings" data-ready className="flex flex-col">
      <PageHeader
        title={t('hub.nav.settings')}
        subtitle={
          me
            ? t('hub.settings.subtitle', {
                workspace: me.workspace.name,
                name: me.user.name,
                role: roleName(me.user.role),
              })
            : t('sync.status.disconnected')
        }
      />
      <div className="flex max-w-3xl flex-col gap-8 px-6 py-5">
        {me ? (
          <Section title={t('hub.settings.names')}>
            <div className="flex flex-col gap-3">
              {may(role, 'workspace.rename') ? (
                <RenameField
                  label={t('hub.settings.workspaceName')}
                  target="workspace"
                  current={me.workspace.name}
                  maxLength={200}
                />
              ) : null}
              <RenameField label={t('hub.settings.yourName')} target="me" current={me.user.name} maxLength={120} />
              <p className="text-xs text-zinc-500 dark:text-zinc-400">{t('hub.settings.nameHint')}</p>
            </div>
          </Section>
        ) : null}
        <Section title={t('hub.settings.transfer')}>
          {!may(role, 'workspace.transfer') ? (
            <ReadOnlyNote>{t('hub.settings.adminsOnly')}</ReadOnlyNote>
          ) : !loaded ? (
            <Loading what={t('hub.settings.theMirror')} />
          ) : (
            <div className="flex flex-col gap-4">
              <p className="text-xs text-zinc-600 dark:text-zinc-400">{t('hub.settings.transferHint')}</p>
              <div className="flex items-center gap-3">
                <Button variant="primary" onClick={exportNow}>
                  {t('hub.settings.export')}
                </Button>
                {/* The native file input cannot be styled across browsers: it stays for the keyboard and screen
                    readers (focus shows on the label), and the label looks like the button beside it. */}
                <label className="inline-flex cursor-pointer items-center justify-center gap-1.5 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium text-zinc-800 shadow-sm hover:bg-zinc-50 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800">
                  {t('hub.settings.import')}
                  <input
                    type="file"
                    className="sr-only"
                    accept="application/json,.json"
                    aria-label={t('hub.settings.importLabel')}
                    onChange={readFile}
                  />
                </label>
                <span className="text-xs text-zinc-500 dark:text-zinc-400">{t('hub.settings.dryRunFirst')}</span>
              </div>
              {errors.length > 0 ? (
                <div
                  role="alert"
                  aria-label={t('hub.settings.importErrors')}
                  className="rounded-md bg-red-50 p-3 text-xs text-red-800 dark:bg-red-500/10 dark:text-red-300"
                >
                  <p className="font-medium">{t('hub.settings.invalid')}</p>
                  <ul className="mt-1 list-disc pl-4">
                    {errors.map((error, index) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: the list is read once per file, never reordered.
                      <li key={index}>{say(error)}</li>
                    ))}
                  </ul>
                </div>
              ) : null}
              {plan ? <DryRun plan={plan} progress={progress} onApply={apply} /> : null}
            </div>
          )}
        </Section>
      </div>
    </div>
  );
}

function DryRun({
  plan,
  progress,
  onApply,
}: {
  plan: ImportPlan;
  progress: ApplyProgress | null;
  onApply: () => void;
}) {
  return (
    <section
      aria-label={t('hub.settings.dryRunLabel')}
      className="flex flex-col gap-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
    >
      <h3 className="text-sm font-semibold">{t('hub.settings.dryRun')}</h3>
      <table className="w-full max-w-md text-left">
        <thead className="text-[11px] text-zinc-500 uppercase">
          <tr>
            <th className="font-medium">{t('hub.settings.kind')}</th>
            <th className="text-right font-medium">{t('hub.settings.create')}</th>
            <th className="text-right font-medium">{t('hub.settings.update')}</th>
            <th className="text-right font-medium">{t('hub.settings.unchanged')}</th>
          </tr>
        </thead>
        <tbody>
          {IMPORT_ENTITIES.map((entity) => (
            <tr key={entity} className="border-t border-zinc-100 dark:border-zinc-900">
              <td className="py-1 capitalize">{ENTITY_NAMES[entity]}</td>
              <td className="text-right tabular-nums">{formatNumber(plan.summary[entity].create)}</td>
              <td className="text-right tabular-nums">{formatNumber(plan.summary[entity].update)}</td>
              <td className="text-right tabular-nums">{formatNumber(plan.summary[entity].unchanged)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {plan.notes.map((note) => (
        <p key={JSON.stringify(note)} className="text-xs text-zinc-600 dark:text-zinc-400">
          {say(note)}
        </p>
      ))}
      {plan.steps.length > 0 ? (
        <ul className="max-h-64 overflow-y-auto text-xs">
          {plan.steps.slice(0, STEPS_SHOWN).map((step) => (
            <li key={`${step.entity}-${step.fileId}`}>
              <span
                className={
                  step.action === 'create'
                    ? 'text-emerald-700 dark:text-emerald-400'
                    : 'text-amber-700 dark:text-amber-300'
                }
              >
                {step.action === 'create' ? t('hub.settings.action.create') : t('hub.settings.action.update')}
              </span>{' '}
              {ENTITY_NAME[step.entity]} {step.label}
              {step.fields.length ? <span className="text-zinc-500"> ({step.fields.join(', ')})</span> : null}
            </li>
          ))}
          {plan.steps.length > STEPS_SHOWN ? (
            <li>{t('hub.andMore', { count: formatNumber(plan.steps.length - STEPS_SHOWN) })}</li>
          ) : null}
        </ul>
      ) : (
        <p className="text-xs">{t('hub.settings.nothing')}</p>
      )}
      {plan.steps.length > 0 && !progress ? (
        <div>
          <Button variant="primary" onClick={onApply}>
            {t('hub.settings.apply', plan.steps.length, [formatNumber(plan.steps.length)])}
          </Button>
        </div>
      ) : null}
      {progress ? (
        <div role="status" className="text-xs">
          {t('hub.settings.applied', { done: formatNumber(progress.done), total: formatNumber(progress.total) })}
          {progress.done === progress.total ? t('hub.settings.appliedSync') : '…'}
          {progress.failed.map(({ step, error }) => (
            <ErrorText key={`${step.entity}-${step.fileId}`}>
              {t('hub.settings.stepFailed', {
                what: ENTITY_NAME[step.entity],
                label: step.label,
                reason: sayCaught(error),
              })}
            </ErrorText>
          ))}
        </div>
      ) : null}
    </section>
  );
}
