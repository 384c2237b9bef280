import { type FormEvent, useState } from 'react';
import type { OwnershipRule, RuleField, Tool } from '../../../../utils/contract.ts';
import { t } from '../../../../utils/i18n.ts';
import { TOOLS } from '../../../../utils/tools.ts';
import { writeLocal } from '../../../shared/item.ts';
import { attempt } from '../../../ui/attempt.ts';
import { Field, TextInput } from '../../../ui/Field.tsx';
import { FormActions } from '../../../ui/FormActions.tsx';
import { Select } from '../../../ui/Select.tsx';
import { TOOL_DISPLAY } from '../../common.tsx';
import { useHubData } from '../../data.tsx';
import { FIELD_LABEL, FIELDS_OF_TOOL, PATTERN_HINT, patternOf } from '../../logic/rules.ts';
import { RuleTester } from './RuleTester.tsx';

/** Creates a rule (rule null) or edits one, with a tester that already counts the unsaved draft. */
export function RuleForm({
  rule,
  rules,
  onDone,
}: {
  rule: OwnershipRule | null;
  rules: OwnershipRule[];
  onDone: () => void;
}) {
  const { teams, goals } = useHubData();
  const [tool, setTool] = useState<Tool>(rule?.tool ?? 'jira');
  const [field, setField] = useState<RuleField>(rule?.field ?? 'jiraProject');
  const [pattern, setPattern] = useState(rule?.pattern ?? '');
  const [teamId, setTeamId] = useState(rule?.teamId ?? teams?.[0]?.id ?? '');
  const [goalId, setGoalId] = useState(rule?.goalId ?? '');
  const [priority, setPriority] = useState(rule?.priority ?? 0);
  const [error, setError] = useState<string | null>(null);
  const data = { tool, field, pattern: patternOf(field, pattern), teamId, goalId: goalId || null, priority };
  const now = new Date().toISOString();
  const draft: OwnershipRule | null =
    data.pattern && teamId
      ? {
          ...data,
          id: rule?.id ?? 'draft',
          version: rule?.version ?? 0,
          createdAt: rule?.createdAt ?? now,
          updatedAt: now,
        }
      : null;

  const chooseTool = (next: Tool) => {
    setTool(next);
    setField(FIELDS_OF_TOOL[next][0] as RuleField);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await attempt(
      () => writeLocal(rule ? { kind: 'rule.update', id: rule.id, data: data } : { kind: 'rule.create', data: data }),
      setError,
    );
    if (ok) onDone();
  };
  return (
    <form
      onSubmit={submit}
      aria-label={rule ? t('hub.rules.edit') : t('hub.rules.new')}
      className="flex flex-col gap-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
    >
      <div className="grid grid-cols-3 gap-3">
        <Field label={t('hub.rules.tool')}>
          {(props) => (
            <Select {...props} value={tool} onChange={(e) => chooseTool(e.target.value as Tool)}>
              {TOOLS.map((value) => (
                <option key={value} value={value}>
                  {TOOL_DISPLAY[value].label}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t('hub.rules.fieldLabel')}>
          {(props) => (
            <Select {...props} value={field} onChange={(e) => setField(e.target.value as RuleField)}>
              {FIELDS_OF_TOOL[tool].map((value) => (
                <option key={value} value={value}>
                  {FIELD_LABEL[value]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t('hub.rules.pattern')} hint={PATTERN_HINT[field]}>
          {(props) => (
            <TextInput
              {...props}
              required
              maxLength={255}
              value={pattern}
              onChange={(e) => setPattern(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('hub.goals.ownerTeam')}>
          {(props) => (
            <Select {...props} required value={teamId} onChange={(e) => setTeamId(e.target.value)}>
              {(teams ?? []).map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t('hub.rules.goalOptional')}>
          {(props) => (
            <Select {...props} value={goalId} onChange={(e) => setGoalId(e.target.value)}>
              <option value="">{t('common.none')}</option>
              {(goals ?? []).map((goal) => (
                <option key={goal.id} value={goal.id}>
                  {goal.title}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t('hub.rules.priority')} hint={t('hub.rules.priorityHint')}>
          {(props) => (
            <TextInput
              {...props}
              type="number"
              min={-1000}
              max={1000}
              value={priority}
              onChange={(e) => setPriority(Math.round(Number(e.target.value) || 0))}
            />
          )}
        </Field>
      </div>
      <div className="rounded-md bg-zinc-50 p-3 dark:bg-zinc-900">
        <p className="mb-2 text-xs font-medium text-zinc-600 dark:text-zinc-300">{t('hub.rules.testBefore')}</p>
        <RuleTester rules={rules} draft={draft} />
      </div>
      <FormActions
        submitLabel={rule ? t('hub.rules.save') : t('hub.rules.create')}
        onCancel={onDone}
        error={error}
        disabled={!teamId}
      />
    </form>
  );
}
