import { type ChangeEvent, useState } from 'react';
import { may } from '../../../utils/contract.ts';
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
import { orThrow } from '../../ui/attempt.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorText } from '../../ui/ErrorText.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ReadOnlyNote } from '../../ui/ReadOnlyNote.tsx';
import { Section } from '../../ui/Section.tsx';
import { useHubData } from '../data.tsx';
import { RenameField } from './RenameField.tsx';

const STEPS_SHOWN = 200;

export function SettingsView() {
  const data = useHubData();
  const { teams, goals, decisions, items, links, rules, role, me } = data;
  const [plan, setPlan] = useState<ImportPlan | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [progress, setProgress] = useState<ApplyProgress | null>(null);
  const loaded = teams && goals && decisions && items && links && rules;

  const exportNow = () => {
    if (!loaded) return;
    const file = exportWorkspace(
      { teams, goals, decisions, items, links, rules },
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
    setPlan(planImport({ teams, goals, decisions, items, links, rules }, parsed.value));
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
        title="Settings"
        subtitle={me ? `${me.workspace.name} · signed in as ${me.user.name} (${me.user.role})` : 'Not connected'}
      />
      <div className="flex max-w-3xl flex-col gap-8 px-6 py-5">
        {me ? (
          <Section title="Names">
            <div className="flex flex-col gap-3">
              {may(role, 'workspace.rename') ? (
                <RenameField label="Workspace name" target="workspace" current={me.workspace.name} maxLength={200} />
              ) : null}
              <RenameField label="Your name" target="me" current={me.user.name} maxLength={120} />
              <p className="text-xs text-zinc-500 dark:text-zinc-400">
                Colleagues see your name on what you link and decide from now on; earlier entries keep the name they
                were made with.
              </p>
            </div>
          </Section>
        ) : null}
        <Section title="Export and import the workspace">
          {!may(role, 'workspace.transfer') ? (
            <ReadOnlyNote>Only admins export or import the whole workspace.</ReadOnlyNote>
          ) : !loaded ? (
            <Loading what="the mirror" />
          ) : (
            <div className="flex flex-col gap-4">
              <p className="text-xs text-zinc-600 dark:text-zinc-400">
                The export is every team, goal, decision, item, link and rule in this browser's mirror, as JSON. An
                import is checked against the contract, shown as a dry run, and applied as ordinary changes that sync
                through the outbox: it creates and updates, and never deletes.
              </p>
              <div className="flex items-center gap-3">
                <Button variant="primary" onClick={exportNow}>
                  Export JSON
                </Button>
                {/* The native file input cannot be styled across browsers: it stays for the keyboard and screen
                    readers (focus shows on the label), and the label looks like the button beside it. */}
                <label className="inline-flex cursor-pointer items-center justify-center gap-1.5 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium text-zinc-800 shadow-sm hover:bg-zinc-50 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800">
                  Import a file…
                  <input
                    type="file"
                    className="sr-only"
                    accept="application/json,.json"
                    aria-label="Workspace file to import"
                    onChange={readFile}
                  />
                </label>
                <span className="text-xs text-zinc-500 dark:text-zinc-400">
                  You see a dry run before anything changes.
                </span>
              </div>
              {errors.length > 0 ? (
                <div
                  role="alert"
                  aria-label="Import errors"
                  className="rounded-md bg-red-50 p-3 text-xs text-red-800 dark:bg-red-500/10 dark:text-red-300"
                >
                  <p className="font-medium">The file is not a valid Hallway workspace; nothing was changed.</p>
                  <ul className="mt-1 list-disc pl-4">
                    {errors.map((error) => (
                      <li key={error}>{error}</li>
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
      aria-label="Import dry run"
      className="flex flex-col gap-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
    >
      <h3 className="text-sm font-semibold">Dry run: what the import would change</h3>
      <table className="w-full max-w-md text-left">
        <thead className="text-[11px] text-zinc-500 uppercase">
          <tr>
            <th className="font-medium">Kind</th>
            <th className="text-right font-medium">Create</th>
            <th className="text-right font-medium">Update</th>
            <th className="text-right font-medium">Unchanged</th>
          </tr>
        </thead>
        <tbody>
          {IMPORT_ENTITIES.map((entity) => (
            <tr key={entity} className="border-t border-zinc-100 dark:border-zinc-900">
              <td className="py-1 capitalize">{entity}s</td>
              <td className="text-right tabular-nums">{plan.summary[entity].create}</td>
              <td className="text-right tabular-nums">{plan.summary[entity].update}</td>
              <td className="text-right tabular-nums">{plan.summary[entity].unchanged}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {plan.notes.map((note) => (
        <p key={note} className="text-xs text-zinc-600 dark:text-zinc-400">
          {note}
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
                {step.action}
              </span>{' '}
              {step.entity} {step.label}
              {step.fields.length ? <span className="text-zinc-500"> ({step.fields.join(', ')})</span> : null}
            </li>
          ))}
          {plan.steps.length > STEPS_SHOWN ? <li>and {plan.steps.length - STEPS_SHOWN} more</li> : null}
        </ul>
      ) : (
        <p className="text-xs">Nothing to change: the workspace already holds everything in the file.</p>
      )}
      {plan.steps.length > 0 && !progress ? (
        <div>
          <Button variant="primary" onClick={onApply}>
            Apply {plan.steps.length} change{plan.steps.length === 1 ? '' : 's'}
          </Button>
        </div>
      ) : null}
      {progress ? (
        <div role="status" className="text-xs">
          Applied {progress.done} of {progress.total}
          {progress.done === progress.total ? '; they sync through the outbox.' : '…'}
          {progress.failed.map(({ step, message }) => (
            <ErrorText key={`${step.entity}-${step.fileId}`}>
              {step.entity} {step.label}: {message}
            </ErrorText>
          ))}
        </div>
      ) : null}
    </section>
  );
}
