import { type FormEvent, useMemo, useState } from 'react';
import type { Goal, GoalStatus } from '../../../utils/contract.ts';
import { t } from '../../../utils/i18n.ts';
import { GOAL_STATUSES } from '../../../utils/snapshot/model.ts';
import { writeLocal } from '../../shared/item.ts';
import { attempt, orThrow } from '../../ui/attempt.ts';
import { Field, TextArea, TextInput } from '../../ui/Field.tsx';
import { FormActions } from '../../ui/FormActions.tsx';
import { Select } from '../../ui/Select.tsx';
import { goalStatusDisplay } from '../../ui/status.ts';
import { useHubData } from '../data.tsx';
import { allowedParents, wouldCycle } from '../logic/goal-tree.ts';

/** Creates a goal (goal null, optionally under `parentId`) or edits one, re-parenting included. */
export function GoalForm({
  goal,
  parentId = null,
  onDone,
}: {
  goal: Goal | null;
  parentId?: string | null;
  onDone: (id: string | null) => void;
}) {
  const { goals, teams } = useHubData();
  const [title, setTitle] = useState(goal?.title ?? '');
  const [description, setDescription] = useState(goal?.description ?? '');
  const [ownerTeamId, setOwner] = useState(goal?.ownerTeamId ?? '');
  const [parentGoalId, setParent] = useState(goal?.parentGoalId ?? parentId ?? '');
  const [status, setStatus] = useState<GoalStatus>(goal?.status ?? 'on_track');
  const [progress, setProgress] = useState(goal?.progress ?? 0);
  const [targetDate, setTargetDate] = useState(goal?.targetDate ?? '');
  const [error, setError] = useState<string | null>(null);
  const parents = useMemo(() => allowedParents(goals ?? [], goal?.id ?? null), [goals, goal]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (goal && wouldCycle(goals ?? [], goal.id, parentGoalId || null)) {
      setError('A goal cannot sit under itself or one of its own sub-goals.');
      return;
    }
    const data = {
      title: title.trim(),
      description,
      ownerTeamId: ownerTeamId || null,
      parentGoalId: parentGoalId || null,
      status,
      progress,
      targetDate: targetDate || null,
    };
    let id: string | null = goal?.id ?? null;
    const ok = await attempt(async () => {
      if (goal) {
        // Only what changed: an edit must not overwrite fields someone else changed meanwhile.
        const patch = Object.fromEntries(
          Object.entries(data).filter(([field, value]) => goal[field as keyof typeof data] !== value),
        );
        if (Object.keys(patch).length > 0) orThrow(await writeLocal({ kind: 'goal.update', id: goal.id, data: patch }));
      } else {
        id = orThrow(await writeLocal({ kind: 'goal.create', data: data })).ids[0] ?? null;
      }
    }, setError);
    if (ok) onDone(id);
  };

  return (
    <form
      onSubmit={submit}
      aria-label={goal ? t('hub.goals.edit') : t('hub.goals.new')}
      className="grid max-w-2xl grid-cols-2 gap-3"
    >
      <div className="col-span-2">
        <Field label={t('hub.goals.title')}>
          {(props) => (
            <TextInput {...props} required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
          )}
        </Field>
      </div>
      <Field label={t('hub.goals.ownerTeam')}>
        {(props) => (
          <Select {...props} value={ownerTeamId} onChange={(e) => setOwner(e.target.value)}>
            <option value="">{t('hub.goals.noOwner')}</option>
            {(teams ?? []).map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label={t('hub.goals.parent')} hint={goal ? t('hub.goals.parentHint') : undefined}>
        {(props) => (
          <Select {...props} value={parentGoalId} onChange={(e) => setParent(e.target.value)}>
            <option value="">{t('hub.goals.topLevel')}</option>
            {parents.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.title}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label={t('hub.goals.status')}>
        {(props) => (
          <Select {...props} value={status} onChange={(e) => setStatus(e.target.value as GoalStatus)}>
            {GOAL_STATUSES.map((value) => (
              <option key={value} value={value}>
                {goalStatusDisplay[value].label}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field label={t('hub.goals.progressPercent')}>
          {(props) => (
            <TextInput
              {...props}
              type="number"
              min={0}
              max={100}
              step={1}
              value={progress}
              onChange={(e) => setProgress(Math.max(0, Math.min(100, Math.round(Number(e.target.value) || 0))))}
            />
          )}
        </Field>
        <Field label={t('hub.goals.targetDate')}>
          {(props) => (
            <TextInput {...props} type="date" value={targetDate} onChange={(e) => setTargetDate(e.target.value)} />
          )}
        </Field>
      </div>
      <div className="col-span-2">
        <Field label={t('hub.description')}>
          {(props) => (
            <TextArea {...props} rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
          )}
        </Field>
      </div>
      <FormActions
        className="col-span-2"
        submitLabel={goal ? t('hub.goals.save') : t('hub.goals.create')}
        onCancel={() => onDone(null)}
        error={error}
      />
    </form>
  );
}
