import { type FormEvent, useMemo, useState } from 'react';
import { may, type OwnershipRule, type RuleField, type Tool } from '../../../utils/contract.ts';
import { factLabel } from '../../../utils/resolve/rules.ts';
import { TOOLS } from '../../../utils/snapshot/model.ts';
import { attempt } from '../../ui/attempt.ts';
import { Button } from '../../ui/Button.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ErrorText } from '../../ui/ErrorText.tsx';
import { Field, TextInput } from '../../ui/Field.tsx';
import { FormActions } from '../../ui/FormActions.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ReadOnlyNote } from '../../ui/ReadOnlyNote.tsx';
import { Section } from '../../ui/Section.tsx';
import { Select } from '../../ui/Select.tsx';
import { HubLink, TOOL_DISPLAY, ToolBadge } from '../common.tsx';
import { useHubData, writeMirror } from '../data.tsx';
import {
  FIELD_LABEL,
  FIELDS_OF_TOOL,
  moveRule,
  PATTERN_HINT,
  patternOf,
  rankRules,
  TESTER_LABEL,
  testRules,
  typedContext,
} from '../logic/rules.ts';

export function RulesView() {
  const { rules, role, teamsById, goalsById } = useHubData();
  const ranked = useMemo(() => rankRules(rules ?? []), [rules]);
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const admin = may(role, 'rule.write');
  if (!rules) return <Loading what="ownership rules" />;

  const move = (ruleId: string, direction: 'up' | 'down') => {
    const write = moveRule(ranked, ruleId, direction);
    if (write) void attempt(() => writeMirror(write), setError);
  };
  const remove = (ruleId: string) => attempt(() => writeMirror({ kind: 'rule.delete', id: ruleId }), setError);

  return (
    <div data-view="rules" data-ready className="flex flex-col">
      <PageHeader
        title="Ownership rules"
        subtitle="An item without an explicit owner belongs to the team of the highest-ranked rule that matches its container."
        actions={
          admin && editing === null ? (
            <Button variant="primary" onClick={() => setEditing('new')}>
              New rule
            </Button>
          ) : null
        }
      />
      <div className="flex flex-col gap-6 px-6 py-5">
        {!admin ? (
          <ReadOnlyNote>Only admins change ownership rules; you can still test them below.</ReadOnlyNote>
        ) : null}
        <ErrorText>{error}</ErrorText>
        {editing === 'new' ? <RuleForm rule={null} rules={rules} onDone={() => setEditing(null)} /> : null}
        {ranked.length === 0 ? (
          <EmptyState title="No ownership rules yet">
            {admin
              ? 'Add a rule such as "Jira project PAY belongs to Payments" so work is owned without linking each item.'
              : 'An admin adds rules such as "Jira project PAY belongs to Payments".'}
          </EmptyState>
        ) : (
          <table className="w-full text-left [&_td]:pr-3 [&_th]:pr-3">
            <thead className="border-b border-zinc-200 text-[11px] text-zinc-500 uppercase dark:border-zinc-800">
              <tr>
                <th className="py-1.5 font-medium">Rank</th>
                <th className="font-medium">Tool</th>
                <th className="font-medium">When</th>
                <th className="font-medium">Owner</th>
                <th className="font-medium">Goal</th>
                <th className="text-right font-medium">Priority</th>
                {admin ? <th className="sr-only">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {ranked.map((rule, index) =>
                editing === rule.id ? (
                  <tr key={rule.id}>
                    <td colSpan={admin ? 7 : 6} className="py-3">
                      <RuleForm rule={rule} rules={rules} onDone={() => setEditing(null)} />
                    </td>
                  </tr>
                ) : (
                  <tr key={rule.id} className="border-b border-zinc-100 dark:border-zinc-900">
                    <td className="py-2 text-zinc-500 tabular-nums">{index + 1}</td>
                    <td>
                      <ToolBadge tool={rule.tool} />
                    </td>
                    <td>
                      {FIELD_LABEL[rule.field]} is{' '}
                      <code className="rounded bg-zinc-100 px-1 dark:bg-zinc-800">{rule.pattern}</code>
                    </td>
                    <td>
                      <HubLink to={{ view: 'team', id: rule.teamId }}>
                        {teamsById.get(rule.teamId)?.name ?? 'Unknown team'}
                      </HubLink>
                    </td>
                    <td className="text-zinc-500">
                      {rule.goalId ? (
                        <HubLink to={{ view: 'goal', id: rule.goalId }}>
                          {goalsById.get(rule.goalId)?.title ?? 'Unknown goal'}
                        </HubLink>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td className="text-right tabular-nums">{rule.priority}</td>
                    {admin ? (
                      <td className="text-right whitespace-nowrap">
                        <Button
                          size="sm"
                          variant="ghost"
                          aria-label={`Move ${rule.pattern} up`}
                          disabled={index === 0}
                          onClick={() => move(rule.id, 'up')}
                        >
                          ↑
                        </Button>
                        <Button
                          size="sm"
                          variant="ghost"
                          aria-label={`Move ${rule.pattern} down`}
                          disabled={index === ranked.length - 1}
                          onClick={() => move(rule.id, 'down')}
                        >
                          ↓
                        </Button>
                        <Button size="sm" variant="ghost" onClick={() => setEditing(rule.id)}>
                          Edit
                        </Button>
                        <Button size="sm" variant="ghost" onClick={() => remove(rule.id)}>
                          Delete
                        </Button>
                      </td>
                    ) : null}
                  </tr>
                ),
              )}
            </tbody>
          </table>
        )}
        <Section title="Test the rules">
          <RuleTester rules={rules} draft={null} />
        </Section>
      </div>
    </div>
  );
}

function RuleForm({ rule, rules, onDone }: { rule: OwnershipRule | null; rules: OwnershipRule[]; onDone: () => void }) {
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
      () => writeMirror(rule ? { kind: 'rule.update', id: rule.id, data: data } : { kind: 'rule.create', data: data }),
      setError,
    );
    if (ok) onDone();
  };
  return (
    <form
      onSubmit={submit}
      aria-label={rule ? 'Edit rule' : 'New rule'}
      className="flex flex-col gap-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
    >
      <div className="grid grid-cols-3 gap-3">
        <Field label="Tool">
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
        <Field label="Field">
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
        <Field label="Pattern" hint={PATTERN_HINT[field]}>
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
        <Field label="Owner team">
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
        <Field label="Goal (optional)">
          {(props) => (
            <Select {...props} value={goalId} onChange={(e) => setGoalId(e.target.value)}>
              <option value="">None</option>
              {(goals ?? []).map((goal) => (
                <option key={goal.id} value={goal.id}>
                  {goal.title}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Priority" hint="Higher wins when several rules match.">
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
        <p className="mb-2 text-xs font-medium text-zinc-600 dark:text-zinc-300">Test before saving</p>
        <RuleTester rules={rules} draft={draft} />
      </div>
      <FormActions
        submitLabel={rule ? 'Save rule' : 'Create rule'}
        onCancel={onDone}
        error={error}
        disabled={!teamId}
      />
    </form>
  );
}

function RuleTester({ rules, draft }: { rules: OwnershipRule[]; draft: OwnershipRule | null }) {
  const { teamsById } = useHubData();
  const [url, setUrl] = useState('');
  const [facts, setFacts] = useState<Record<RuleField, string>>({
    jiraProject: '',
    asanaProject: '',
    notionAncestor: '',
    gmailLabel: '',
    gmailSenderDomain: '',
  });
  const result = url.trim() ? testRules(url.trim(), typedContext(facts), rules, draft) : null;
  const tool = result && result.kind !== 'not-an-item' ? result.ref.tool : null;
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-end gap-2">
        <div className="flex flex-1 flex-col gap-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
          Page URL
          <TextInput
            aria-label="Page URL to test"
            placeholder="https://acme.atlassian.net/browse/PAY-12"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
        </div>
        {tool
          ? FIELDS_OF_TOOL[tool].map((field) => (
              <div key={field} className="flex flex-col gap-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
                {TESTER_LABEL[field]}
                <TextInput
                  aria-label={TESTER_LABEL[field]}
                  placeholder={
                    field === 'jiraProject' ? 'as the issue shows it' : 'names, links or ids, comma-separated'
                  }
                  value={facts[field]}
                  onChange={(e) => setFacts((current) => ({ ...current, [field]: e.target.value }))}
                />
              </div>
            ))
          : null}
      </div>
      <p role="status" aria-label="Rule test result" className="text-[13px]">
        {result === null
          ? 'Paste a Jira, Asana, Notion or Gmail URL to see which team would own it.'
          : result.kind === 'not-an-item'
            ? 'This URL is not a Jira issue, Asana task, Notion page or Gmail thread.'
            : result.kind === 'no-facts'
              ? `This ${TOOL_DISPLAY[result.ref.tool].label} link does not say where the item lives: fill in the fields above.`
              : result.kind === 'unowned'
                ? 'No rule matches: the item would be unowned.'
                : `Owned by ${teamsById.get(result.match.rule.teamId)?.name ?? 'an unknown team'}, via ${
                    result.byDraft
                      ? 'this rule'
                      : `the rule ${FIELD_LABEL[result.match.rule.field]} "${result.match.rule.pattern}"`
                  } (matched "${factLabel(result.match.fact)}").`}
      </p>
    </div>
  );
}
